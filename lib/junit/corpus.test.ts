// Every input of the shared JUnit corpus, against the upstream project's expected results.
// Where the upstream conventions differ from ours (docs/test-identity.md), the difference is
// detected and must be listed in KNOWN_DIFFERENCES with its reason — nothing differs silently.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { JUnitParseError } from "./errors";
import { parseJUnitFile } from "./parse";
import { corpusDir, readCorpusIndex, readExpected, type ExpectedCase } from "./testing/corpus";
import type { ParsedCase, ParsedSuite, TestStatus } from "./types";

type Difference =
  /** upstream lists a nested suite's cases before its parent's own cases; we keep document order */
  | "nested-cases-first"
  /** upstream drops a <testcase> with neither name nor classname; we keep it (it ran) */
  | "unnamed-cases-kept"
  /** upstream reports status="disabled" as its own result; for us it is skipped */
  | "disabled-is-skipped"
  /** upstream counts only leaf suites; we count every <testsuite> element */
  | "all-suites-counted"
  /** upstream strips every comma from time=; we read a lone comma as a decimal comma */
  | "decimal-comma-time";

const KNOWN_DIFFERENCES: Record<string, Difference[]> = {
  "python__test__files__junit-xml__no-attributes.xml": ["unnamed-cases-kept"],
  "python__test__files__junit-xml__tst__disabled.xml": ["disabled-is-skipped"],
  "python__test__files__nunit__mstest__clicketyclackety.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__mstest__pickles.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__mstest__timewarpinc.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-correct.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-correct2.junit-xml": ["all-suites-counted", "nested-cases-first"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-correct3.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-failure.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-healthReport.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-ignored.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-issue33493.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-issue44527.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-issue48478.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-issue50162.junit-xml": ["all-suites-counted", "nested-cases-first"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-issue5674.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-issue6353.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-multinamespace.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-sec1752-file.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-sec1752-https.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit-simple.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnit.junit-xml": ["all-suites-counted"],
  "python__test__files__nunit__nunit3__jenkins__NUnitUnicode.junit-xml": ["all-suites-counted"],
  "python__test__files__xunit__mstest__fixie.junit-xml": ["all-suites-counted"],
  "python__test__files__xunit__mstest__jenkinsci__testcase1.junit-xml": ["all-suites-counted"],
  "python__test__files__xunit__mstest__jenkinsci__testcase2.junit-xml": ["all-suites-counted"],
  "python__test__files__xunit__mstest__jenkinsci__testcase3.junit-xml": ["all-suites-counted", "decimal-comma-time"],
  "python__test__files__xunit__mstest__jenkinsci__testcase5.junit-xml": ["all-suites-counted"],
  "python__test__files__xunit__mstest__jenkinsci__testcase6.junit-xml": ["all-suites-counted"],
  "python__test__files__xunit__mstest__pickles.junit-xml": ["all-suites-counted"],
};

const RESULT_TO_STATUS: Record<ExpectedCase["result"], TestStatus> = {
  success: "passed",
  failure: "failed",
  error: "error",
  skipped: "skipped",
  disabled: "skipped",
};

type CaseTuple = [string | null, string, TestStatus, number | null, string | null];

function expectedTuple(expected: ExpectedCase, commaTimes: boolean): CaseTuple {
  const time = expected.time === null ? null : Math.round(expected.time * 1e6) / 1e3;
  return [
    expected.class_name,
    expected.test_name ?? "",
    RESULT_TO_STATUS[expected.result],
    commaTimes && time !== null ? time / 1000 : time,
    expected.message,
  ];
}

function actualTuple(parsed: ParsedCase): CaseTuple {
  return [parsed.classname, parsed.name, parsed.status, parsed.durationMs, parsed.message];
}

/** Leaf suites by the upstream rule: no child suite, or direct testcases of its own. */
function countLeafSuites(suites: ParsedSuite[]): number {
  const pending = new Map<number, ParsedSuite[]>();
  let leaves = 0;
  for (const suite of suites) {
    const children = pending.get(suite.depth + 1) ?? [];
    pending.delete(suite.depth + 1);
    const childTests = children.reduce((sum, child) => sum + child.counted.tests, 0);
    if (children.length === 0 || suite.counted.tests > childTests) leaves++;
    pending.set(suite.depth, [...(pending.get(suite.depth) ?? []), suite]);
  }
  return leaves;
}

const entries = readCorpusIndex();
const positive = entries.filter((entry) => readExpected(entry).parse_error === null);
const negative = entries.filter((entry) => readExpected(entry).parse_error !== null);

describe("shared JUnit corpus", () => {
  test("has the inventory the README describes", () => {
    expect(entries).toHaveLength(72);
    expect(negative).toHaveLength(4);
  });

  test.each(positive.map((entry) => [entry.input, entry] as const))("%s", async (input, entry) => {
    const expected = readExpected(entry);
    const report = await parseJUnitFile(path.join(corpusDir, input));
    const known = new Set(KNOWN_DIFFERENCES[input] ?? []);
    const detected = new Set<Difference>();

    const hasCommaTimes = /<testcase\b[^>]*\btime="\d+,\d+"/.test(readFileSync(path.join(corpusDir, input), "utf8"));
    if (hasCommaTimes) detected.add("decimal-comma-time");
    const expectedCases = (expected.cases ?? []).map((c) => expectedTuple(c, hasCommaTimes));
    if (expected.cases?.some((c) => c.result === "disabled")) detected.add("disabled-is-skipped");

    const unnamed = report.cases.filter((c) => c.classname === null && c.name === "" );
    const named = report.cases.filter((c) => !(c.classname === null && c.name === ""));
    if (unnamed.length > 0) detected.add("unnamed-cases-kept");
    const actualCases = named.map(actualTuple);

    const sortKey = (t: CaseTuple) => JSON.stringify(t);
    if (JSON.stringify(actualCases) !== JSON.stringify(expectedCases)) detected.add("nested-cases-first");
    if (report.summary.suites !== expected.suites) detected.add("all-suites-counted");

    // Same cases, statuses, durations and messages (order aside: see nested-cases-first).
    expect(actualCases.map(sortKey).sort()).toEqual(expectedCases.map(sortKey).sort());

    // Counts come from the testcases, one status per element.
    const counts = expected.case_counts;
    expect(counts).toBeDefined();
    const unnamedWith = (status: TestStatus) => unnamed.filter((c) => c.status === status).length;
    if (counts) {
      expect(report.summary.tests).toBe(counts.total + unnamed.length);
      expect(report.summary.failed).toBe(counts.failure + unnamedWith("failed"));
      expect(report.summary.errors).toBe(counts.error + unnamedWith("error"));
      expect(report.summary.skipped).toBe(counts.skipped + counts.disabled + unnamedWith("skipped"));
      expect(report.summary.passed).toBe(counts.success + unnamedWith("passed"));
    }

    // Suites: upstream counts leaves; we count every <testsuite>, and can derive the leaves.
    expect(countLeafSuites(report.suites)).toBe(expected.suites);
    expect(report.summary.suites).toBe(report.suites.length);

    expect([...detected].sort()).toEqual([...known].sort());
  });

  const NEGATIVE_CODES: Record<string, string> = {
    "python__test__files__junit-xml__non-junit.xml": "NOT_JUNIT",
    "python__test__files__junit-xml__pytest__corrupt-xml.xml": "MALFORMED",
    "python__test__files__xml__empty.xml": "EMPTY",
    "python__test__files__xml__non-xml.xml": "MALFORMED",
  };

  test.each(negative.map((entry) => [entry.input, NEGATIVE_CODES[entry.input]] as const))(
    "rejects %s with %s",
    async (input, code) => {
      const error = await parseJUnitFile(path.join(corpusDir, input)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JUnitParseError);
      expect((error as JUnitParseError).code).toBe(code);
      if (code !== "EMPTY") expect((error as JUnitParseError).message).toMatch(/line \d+, column \d+/);
    },
  );
});
