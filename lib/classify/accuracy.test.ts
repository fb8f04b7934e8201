import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { parseJUnitFile } from "@/lib/junit";
import { buildRulebook, classifyResult } from "./rules";
import { CATEGORIES, type Category } from "./types";

// Accuracy of the default rulebook on reports produced by real tools (pytest xunit1/xunit2,
// jest + jest-junit, vitest, mocha + mocha-junit-reporter) for causes introduced on purpose.
// fixtures/labelled/README.md says how each report was made; labels.json holds the causes.

const DIR = path.join(import.meta.dirname, "fixtures", "labelled");

interface Labels {
  reports: Record<string, { key: string; category: Category; cause: string }[]>;
}

interface Row {
  report: string;
  key: string;
  expected: Category;
  actual: Category;
  ruleId: string;
}

async function classifyLabelledReports(): Promise<Row[]> {
  const labels = JSON.parse(await readFile(path.join(DIR, "labels.json"), "utf8")) as Labels;
  const rulebook = buildRulebook();
  const rows: Row[] = [];
  for (const [report, entries] of Object.entries(labels.reports)) {
    const byKey = new Map(entries.map((entry) => [entry.key, entry.category]));
    const parsed = await parseJUnitFile(path.join(DIR, report));
    for (const testCase of parsed.cases) {
      if (testCase.status === "passed" || testCase.status === "skipped") continue;
      const expected = byKey.get(testCase.key);
      if (!expected) throw new Error(`${report}: no label for ${testCase.key}`);
      const result = classifyResult(testCase, rulebook);
      if (result.category === null) throw new Error("non-passing case was not classified");
      rows.push({ report, key: testCase.key, expected, actual: result.category, ruleId: result.ruleId });
    }
  }
  return rows;
}

describe("default rulebook accuracy on labelled real-tool reports", () => {
  test("macro recall ≥ 95 % and every category ≥ 90 %", async () => {
    const rows = await classifyLabelledReports();
    const present = CATEGORIES.filter((category) => rows.some((row) => row.expected === category));

    const matrix = new Map<Category, Map<Category, number>>();
    for (const row of rows) {
      const line = matrix.get(row.expected) ?? new Map<Category, number>();
      line.set(row.actual, (line.get(row.actual) ?? 0) + 1);
      matrix.set(row.expected, line);
    }
    const table: Record<string, Record<string, number | string>> = {};
    const stats: Record<string, { precision: string; recall: string; support: number }> = {};
    const recalls: number[] = [];
    for (const category of present) {
      const line: Record<string, number | string> = {};
      for (const actual of CATEGORIES) line[actual] = matrix.get(category)?.get(actual) ?? 0;
      table[`expected ${category}`] = line;
      const truePositives = rows.filter((r) => r.expected === category && r.actual === category).length;
      const predicted = rows.filter((r) => r.actual === category).length;
      const support = rows.filter((r) => r.expected === category).length;
      const recall = truePositives / support;
      recalls.push(recall);
      stats[category] = {
        precision: predicted === 0 ? "n/a" : `${((100 * truePositives) / predicted).toFixed(1)} %`,
        recall: `${(100 * recall).toFixed(1)} %`,
        support,
      };
    }
    const macroRecall = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    console.log(`Confusion matrix (rows: labelled cause, columns: default rulebook), ${rows.length} cases`);
    console.table(table);
    console.table(stats);
    console.log(`macro-averaged recall: ${(100 * macroRecall).toFixed(1)} %`);
    for (const miss of rows.filter((r) => r.expected !== r.actual)) {
      console.log(`miss: ${miss.report} ${miss.key}: ${miss.expected} → ${miss.actual} (${miss.ruleId})`);
    }

    expect(rows.length).toBeGreaterThan(100);
    expect(macroRecall).toBeGreaterThanOrEqual(0.95);
    for (const recall of recalls) expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
