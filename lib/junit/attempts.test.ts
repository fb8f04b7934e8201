import { describe, expect, test } from "vitest";
import { mergeAttempts } from "./attempts";
import type { ParsedCase, TestStatus } from "./types";

function makeCase(key: string, status: TestStatus, extra: Partial<ParsedCase> = {}): ParsedCase {
  return {
    suite: "s",
    classname: key.split("::")[0] ?? null,
    name: key.split("::")[1] ?? "",
    file: null,
    line: null,
    key,
    status,
    flaky: false,
    durationMs: 1,
    type: null,
    message: status === "passed" ? null : `${status} message`,
    trace: null,
    messageTruncated: false,
    traceTruncated: false,
    ...extra,
  };
}

describe("mergeAttempts", () => {
  test.each<[string, TestStatus[], TestStatus, boolean]>([
    ["single pass", ["passed"], "passed", false],
    ["fail then pass is flaky", ["failed", "passed"], "passed", true],
    ["error then pass is flaky", ["error", "passed"], "passed", true],
    ["skip then pass counts as not passing earlier", ["skipped", "passed"], "passed", true],
    ["pass then fail", ["passed", "failed"], "failed", false],
    ["fail, error, fail → error", ["failed", "error", "failed"], "error", false],
    ["pass, pass", ["passed", "passed"], "passed", false],
    ["failed, passed, skipped → failed", ["failed", "passed", "skipped"], "failed", false],
    ["skipped twice", ["skipped", "skipped"], "skipped", false],
  ])("%s", (_label, statuses, status, flaky) => {
    const merged = mergeAttempts(statuses.map((s) => makeCase("c::t", s)));
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ status, flaky, attemptCount: statuses.length });
  });

  test("keeps keys apart and in first-appearance order", () => {
    const merged = mergeAttempts([
      makeCase("a::1", "failed"),
      makeCase("b::1", "passed"),
      makeCase("a::1", "passed"),
    ]);
    expect(merged.map((c) => [c.key, c.status, c.flaky, c.attemptCount])).toEqual([
      ["a::1", "passed", true, 2],
      ["b::1", "passed", false, 1],
    ]);
  });

  test("counts Surefire runs inside an element and keeps its flaky flag", () => {
    const surefire = makeCase("x::y", "passed", {
      flaky: true,
      attempts: [
        { kind: "flakyFailure", status: "failed", type: null, message: "m", trace: null, messageTruncated: false, traceTruncated: false },
      ],
    });
    expect(mergeAttempts([surefire])[0]).toMatchObject({ status: "passed", flaky: true, attemptCount: 2 });
  });

  test("the most severe outcome supplies the message", () => {
    const merged = mergeAttempts([
      makeCase("c::t", "error", { message: "boom" }),
      makeCase("c::t", "failed", { message: "assert" }),
    ]);
    expect(merged[0]).toMatchObject({ status: "error", message: "boom" });
  });
});
