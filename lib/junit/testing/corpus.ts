// Test helpers: where the shared JUnit corpus lives and what its expectation files contain.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
// CI clones the repository next to shared/, so the corpus is always found relative to the repo.
export const corpusRoot = path.resolve(repoRoot, "../shared/junit-corpus");
export const corpusDir = path.join(corpusRoot, "EnricoMi__publish-unit-test-result-action");

export interface CorpusEntry {
  input: string;
  group: "junit" | "converted" | "negative";
  tool: string;
  expected: string;
}

export interface ExpectedCase {
  class_name: string | null;
  test_name: string | null;
  result: "success" | "failure" | "error" | "skipped" | "disabled";
  message: string | null;
  time: number | null;
}

export interface ExpectedResults {
  parse_error: string | null;
  suites?: number;
  case_counts?: { total: number; success: number; skipped: number; failure: number; error: number; disabled: number };
  suite_details?: { name: string | null }[];
  cases?: ExpectedCase[];
}

export function readCorpusIndex(): CorpusEntry[] {
  return JSON.parse(readFileSync(path.join(corpusDir, "index.json"), "utf8")) as CorpusEntry[];
}

export function readExpected(entry: CorpusEntry): ExpectedResults {
  return JSON.parse(readFileSync(path.join(corpusDir, entry.expected), "utf8")) as ExpectedResults;
}
