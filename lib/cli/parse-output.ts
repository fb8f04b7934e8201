// The output of `greenboard parse`: JSON (docs/cli-parse-output.schema.json) written file by file
// as it goes, or a human summary table. Key order is part of the format: objects are built field
// by field in schema order, never spread from parser types.
import type { TestStatus } from "../junit";
import type { TextSink } from "./io";
import type { MissingTestFile } from "./missing-tests";

export interface CaseOutput {
  suite: string | null;
  classname: string | null;
  name: string;
  file: string | null;
  key: string;
  status: TestStatus;
  flaky: boolean;
  durationMs: number | null;
  type: string | null;
  message: string | null;
  category: string | null;
  rule: string | null;
  fingerprint: string | null;
}

export interface FileCounts {
  suites: number;
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
}

export interface FileResult {
  path: string;
  error: string | null;
  counts: FileCounts;
  cases: CaseOutput[];
}

export function emptyCounts(): FileCounts {
  return { suites: 0, tests: 0, passed: 0, failed: 0, errors: 0, skipped: 0 };
}

export function countCase(counts: FileCounts, status: TestStatus): void {
  counts.tests += 1;
  if (status === "passed") counts.passed += 1;
  else if (status === "failed") counts.failed += 1;
  else if (status === "error") counts.errors += 1;
  else counts.skipped += 1;
}

/** Receives results in order; `finish` gets the missing test files once every report is read. */
export interface ParseOutputWriter {
  writeFile(result: FileResult): Promise<void>;
  finish(missing: MissingTestFile[]): Promise<void>;
}

// Cases are written in batches of about this many characters: bounded strings, few writes.
const CHUNK_CHARS = 64 * 1024;

export function createJsonWriter(out: TextSink): ParseOutputWriter {
  let fileCount = 0;
  return {
    async writeFile({ path, error, counts, cases }) {
      const head = JSON.stringify({
        path,
        error,
        suites: counts.suites,
        tests: counts.tests,
        passed: counts.passed,
        failed: counts.failed,
        errors: counts.errors,
        skipped: counts.skipped,
      });
      let chunk = `${fileCount === 0 ? '{"files":[' : ","}${head.slice(0, -1)},"cases":[`;
      fileCount += 1;
      let separator = "";
      for (const testCase of cases) {
        chunk += separator + JSON.stringify(testCase);
        separator = ",";
        if (chunk.length >= CHUNK_CHARS) {
          await out.write(chunk);
          chunk = "";
        }
      }
      await out.write(`${chunk}]}`);
    },
    async finish(missing) {
      const rows = missing.map(({ file, reason, category }) => JSON.stringify({ file, reason, category }));
      await out.write(`${fileCount === 0 ? '{"files":[' : ""}],"missing":[${rows.join(",")}]}\n`);
    },
  };
}

const COLUMNS = ["path", "tests", "passed", "failed", "errors", "skipped", "error"] as const;

export function createTableWriter(out: TextSink): ParseOutputWriter {
  // Rows are kept (not cases) so columns can be aligned: one short row per report file.
  const rows: string[][] = [];
  const totals = emptyCounts();
  let failedFiles = 0;
  return {
    async writeFile({ path, error, counts }) {
      rows.push([path, ...[counts.tests, counts.passed, counts.failed, counts.errors, counts.skipped].map(String), error ?? ""]);
      totals.tests += counts.tests;
      totals.passed += counts.passed;
      totals.failed += counts.failed;
      totals.errors += counts.errors;
      totals.skipped += counts.skipped;
      if (error !== null) failedFiles += 1;
    },
    async finish(missing) {
      const all = [[...COLUMNS] as string[], ...rows];
      if (rows.length > 1) {
        all.push(["total", ...[totals.tests, totals.passed, totals.failed, totals.errors, totals.skipped].map(String), failedFiles > 0 ? `${failedFiles} unreadable` : ""]);
      }
      const widths = COLUMNS.map((_, column) => Math.max(...all.map((row) => (row[column] ?? "").length)));
      const lines = all.map((row) =>
        row
          .map((cell, column) => (column === 0 || column === COLUMNS.length - 1 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0)))
          .join("  ")
          .trimEnd(),
      );
      if (missing.length > 0) {
        lines.push("", `Missing test files (${missing.length}):`);
        for (const { file, reason } of missing) lines.push(`  ${file}: ${reason}`);
      }
      await out.write(`${lines.join("\n")}\n`);
    },
  };
}
