import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseJUnitFile } from "@/lib/junit";
import { corpusDir, readCorpusIndex } from "@/lib/junit/testing/corpus";
import { buildRulebook, classifyResult, compileRules, createRuleMatcher } from "./rules";
import { TextMemo, ownCopy } from "./text-memo";
import type { ClassifiableResult } from "./types";

// createRuleMatcher remembers, per distinct failure text, which rules' text conditions pass; its
// verdicts must be classifyResult's, including rules on the test name, file and system-out, which
// it checks for every result.

function result(overrides: Partial<ClassifiableResult>): ClassifiableResult {
  return { status: "failed", type: null, message: null, trace: null, file: null, name: "t", classname: null, ...overrides };
}

describe("createRuleMatcher", () => {
  test("gives classifyResult's verdict for every case of the labelled reports and the shared corpus, first time and from its memo", async () => {
    const rulebook = buildRulebook();
    const match = createRuleMatcher(rulebook);
    const labelled = path.join(import.meta.dirname, "fixtures", "labelled");
    const labels = JSON.parse(await readFile(path.join(labelled, "labels.json"), "utf8")) as { reports: Record<string, unknown> };
    const files = [
      ...Object.keys(labels.reports).map((report) => path.join(labelled, report)),
      ...readCorpusIndex().filter((entry) => entry.group !== "negative").map((entry) => path.join(corpusDir, entry.input)),
    ];
    expect(files.length).toBeGreaterThan(20);
    let failing = 0;
    for (const file of files) {
      let cases: ClassifiableResult[];
      try {
        cases = (await parseJUnitFile(file)).cases;
      } catch {
        continue; // inputs the parser rejects are the corpus tests' concern
      }
      for (const testCase of cases) {
        const expected = classifyResult(testCase, rulebook);
        expect(match(testCase)).toEqual(expected);
        expect(match(testCase)).toEqual(expected);
        if (testCase.status === "failed" || testCase.status === "error") failing++;
      }
    }
    expect(failing).toBeGreaterThan(200);
  });

  test("one failure text, different tests: name, file and output rules are decided per result", () => {
    const rulebook = compileRules([
      { id: "hook", name: "Hook", category: "fixture", message: "boom", testName: "hook" },
      { id: "infra-file", name: "Infra file", category: "infrastructure", message: "boom", file: "infra/**" },
      { id: "out", name: "Output", category: "mock", message: "boom", output: "MOCK" },
      { id: "any", name: "Any", category: "assertion", message: "boom" },
    ]);
    const match = createRuleMatcher(rulebook);
    const texts = { type: "Error", message: "boom", trace: "at x" };
    const cases: [Partial<ClassifiableResult>, string][] = [
      [{ name: "plain" }, "any"],
      [{ name: '"before all" hook' }, "hook"],
      [{ name: "plain", file: "infra/db.test.ts" }, "infra-file"],
      [{ name: "plain", systemOut: "MOCK used" }, "out"],
      [{ name: "plain" }, "any"],
      [{ name: "plain", status: "error" }, "any"],
      [{ name: "plain", message: "other" }, "default:unmatched"],
    ];
    for (const [overrides, ruleId] of cases) {
      const input = result({ ...texts, ...overrides });
      expect(match(input).ruleId).toBe(ruleId);
      expect(classifyResult(input, rulebook).ruleId).toBe(ruleId);
    }
  });

  test("a status condition is part of what is remembered", () => {
    const rulebook = compileRules([
      { id: "errors-only", name: "E", category: "infrastructure", statuses: ["error"], message: "down" },
      { id: "any", name: "A", category: "assertion", message: "down" },
    ]);
    const match = createRuleMatcher(rulebook);
    expect(match(result({ status: "error", message: "down" })).ruleId).toBe("errors-only");
    expect(match(result({ status: "failed", message: "down" })).ruleId).toBe("any");
    expect(match(result({ status: "error", message: "down" })).ruleId).toBe("errors-only");
  });

  test("texts that only differ in where one field ends and the next begins are told apart", () => {
    const rulebook = compileRules([{ id: "type-ab", name: "T", category: "import", type: "^ab$" }]);
    const match = createRuleMatcher(rulebook);
    expect(match(result({ type: "ab", message: "c" })).ruleId).toBe("type-ab");
    expect(match(result({ type: "a", message: "bc" })).ruleId).toBe("default:unmatched");
  });

  test("with a memo smaller than the texts it keeps starting over and stays correct", () => {
    const rulebook = buildRulebook();
    const match = createRuleMatcher(rulebook, 200);
    const inputs = Array.from({ length: 60 }, (_, i) =>
      result({ type: i % 2 ? "ConnectionRefusedError" : "AssertionError", message: `case ${i % 7}: ${"x".repeat(i)}`, trace: i % 3 ? "E   ConnectionRefusedError: [Errno 111]" : null }),
    );
    for (const input of [...inputs, ...inputs]) expect(match(input)).toEqual(classifyResult(input, rulebook));
  });

  test("passed and skipped results are not classified", () => {
    const match = createRuleMatcher(buildRulebook());
    expect(match(result({ status: "passed" })).category).toBeNull();
    expect(match(result({ status: "skipped", message: "Connection refused" })).category).toBeNull();
  });
});

describe("TextMemo", () => {
  test("starts over once its keys would pass the character budget, and never stores a key over an eighth of it", () => {
    const memo = new TextMemo<number>(80);
    memo.set("a".repeat(10), 1);
    memo.set("b".repeat(10), 2);
    expect([memo.get("a".repeat(10)), memo.get("b".repeat(10))]).toEqual([1, 2]);
    memo.set("c".repeat(11), 3); // over 80 / 8: not stored, nothing forgotten
    expect([memo.get("c".repeat(11)), memo.get("a".repeat(10))]).toEqual([undefined, 1]);
    for (let i = 0; i < 6; i++) memo.set(`${i}`.repeat(10), i); // 20 + 60 = 80 characters: still within
    expect(memo.get("a".repeat(10))).toBe(1);
    memo.set("z".repeat(10), 9); // 90 > 80: starts over with this key alone
    expect([memo.get("a".repeat(10)), memo.get("5".repeat(10)), memo.get("z".repeat(10))]).toEqual([undefined, undefined, 9]);
  });

  test("long keys that differ only in the middle are told apart and remembered side by side, up to eight", () => {
    const memo = new TextMemo<number>(1_000_000);
    // One length, one head, one tail: one probe.
    const key = (i: number) => `${"h".repeat(300)}middle-${String(i).padStart(3, "0")}${"t".repeat(300)}`;
    memo.set(key(1), 1);
    expect([memo.get(key(1)), memo.get(key(2))]).toEqual([1, undefined]);
    for (let i = 2; i <= 8; i++) memo.set(key(i), i);
    expect(Array.from({ length: 8 }, (_, i) => memo.get(key(i + 1)))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    memo.set(key(9), 9); // a ninth: the oldest goes
    expect([memo.get(key(1)), memo.get(key(2)), memo.get(key(9))]).toEqual([undefined, 2, 9]);
    memo.set(key(2), 20); // the same key again: replaced, not added
    expect(memo.get(key(2))).toBe(20);
    expect(memo.get(key(3))).toBe(3);
  });

  test("a long key's probe counts toward the budget", () => {
    // 600-character keys cost 600 + a 260-character probe: five fit in 4,800 characters, not eight.
    const memo = new TextMemo<number>(4_800);
    const key = (c: string) => c.repeat(600);
    for (const [i, c] of ["a", "b", "c", "d", "e"].entries()) memo.set(key(c), i);
    expect([memo.get(key("a")), memo.get(key("e"))]).toEqual([0, 4]);
    memo.set(key("f"), 5);
    expect([memo.get(key("a")), memo.get(key("f"))]).toEqual([undefined, 5]);
  });

  test("ownCopy keeps the text, UTF-16 included", () => {
    const text = "naïve ✓ 😀 \u0000 end";
    expect(ownCopy(text.slice(2, 12))).toBe(text.slice(2, 12));
    expect(ownCopy("")).toBe("");
  });
});
