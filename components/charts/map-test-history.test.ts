import { describe, expect, test } from "vitest";
import type { TestHistoryPoint } from "@/lib/db/tests";
import { countFlips } from "@/lib/db/tests";
import { mapTestHistory } from "./map-test-history";

const point = (runKey: string, extra: Partial<TestHistoryPoint> = {}): TestHistoryPoint => ({
  runId: `id-${runKey}`,
  runKey,
  runStatus: "complete",
  startedAt: "2026-01-02T10:00:00.000Z",
  status: "passed",
  durationMs: 1234.4,
  flaky: false,
  attempts: 1,
  category: null,
  message: null,
  failureGroupId: null,
  ...extra,
});

describe("test history mapping", () => {
  test.each([
    ["a passing run, duration in seconds", point("ci-1"), { status: "passed", duration: 1.234, dot: 1.234, flaky: false, provisional: false }],
    ["a missing run has no duration: a gap, its dot on the floor", point("ci-2", { status: "missing", durationMs: null }), { status: "missing", duration: null, dot: 0 }],
    ["a flaky pass keeps its flag", point("ci-3", { flaky: true, attempts: 2 }), { flaky: true }],
    ["an open run is provisional", point("ci-4", { runStatus: "open", status: "failed" }), { status: "failed", provisional: true }],
  ])("%s", (_name, input, expected) => {
    expect(mapTestHistory([input])[0]).toMatchObject({ runId: input.runId, runKey: input.runKey, ...expected });
  });

  test("keeps the order it is given (oldest first)", () => {
    expect(mapTestHistory([point("ci-1"), point("ci-2")]).map((d) => d.runKey)).toEqual(["ci-1", "ci-2"]);
  });
});

describe("countFlips", () => {
  test.each([
    [[], 0],
    [["passed", "passed"], 0],
    [["passed", "failed", "passed"], 2],
    [["failed", "error", "missing"], 0],
    [["passed", "skipped", "failed"], 1],
    [["error", "skipped", "skipped", "passed", "failed"], 2],
  ] as const)("%j → %i", (statuses, flips) => {
    expect(countFlips(statuses)).toBe(flips);
  });
});
