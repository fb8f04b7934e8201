// `greenboard parse`: reads report files and archives from disk and prints what the parser sees —
// no server, no database. Reports stream through the parser; only the printed fields of each
// file's cases are held until that file is written.
import { createReadStream } from "node:fs";
import { parseArgs } from "node:util";
import path from "node:path";
import {
  ARCHIVE_ERROR_CODES,
  JUnitParseError,
  openReportSource,
  parseJUnitStream,
  type ParsedCase,
} from "../junit";
import { classifyCase } from "./classify-case";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIo, type TextSink } from "./io";
import { findMissingTestFiles, toRelativePosix } from "./missing-tests";
import {
  countCase,
  createJsonWriter,
  createTableWriter,
  emptyCounts,
  type CaseOutput,
  type FileResult,
} from "./parse-output";

export const PARSE_USAGE = `Usage: greenboard parse [--json] [--test-files GLOB]... FILE...

Parses JUnit XML reports (.xml, .xml.gz) and archives of them (.zip, .tar, .tar.gz/.tgz) and
prints one row per report: tests, passed, failed, errors, skipped.

Options:
  --json               Print JSON (docs/cli-parse-output.schema.json) instead of a table
  --test-files GLOB    Also list test files matching GLOB (relative to the working directory)
                       that no report mentions; repeatable. Example: --test-files 'tests/**/test_*.py'
  -h, --help           Show this help

Exit status: 0 when every report was read, 2 when any could not be, 64 for bad usage.
`;

// Problems with the container itself end the whole archive; anything else is one member's.

function toCaseOutput(testCase: ParsedCase): CaseOutput {
  const { category, rule, fingerprint } = classifyCase(testCase);
  return {
    suite: testCase.suite,
    classname: testCase.classname,
    name: testCase.name,
    file: testCase.file,
    key: testCase.key,
    status: testCase.status,
    flaky: testCase.flaky,
    durationMs: testCase.durationMs,
    type: testCase.type,
    message: testCase.message,
    category,
    rule,
    fingerprint,
  };
}

function failedResult(reportPath: string, error: string): FileResult {
  return { path: reportPath, error, counts: emptyCounts(), cases: [] };
}

function describeReadError(file: string, error: unknown): string {
  if (error instanceof JUnitParseError) return error.message;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "ENOENT") return `Cannot read ${file}: no such file`;
  if (code === "EISDIR") return `Cannot read ${file}: it is a directory`;
  if (code === "EACCES") return `Cannot read ${file}: permission denied`;
  return `Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`;
}

async function readReport(bytes: AsyncIterable<Uint8Array>, reportPath: string): Promise<FileResult> {
  const counts = emptyCounts();
  const cases: CaseOutput[] = [];
  // Output and properties are never printed: not keeping them keeps memory to what is.
  const events = parseJUnitStream(bytes, { fileName: reportPath, keepOutput: false, keepProperties: false });
  for await (const event of events) {
    if (event.kind === "case") {
      const output = toCaseOutput(event.case);
      countCase(counts, output.status);
      cases.push(output);
    } else if (event.kind === "summary") {
      counts.suites = event.summary.suites;
    }
  }
  return { path: reportPath, error: null, counts, cases };
}

/** One result per report in the file: one for a plain or gzipped report, one per archive member. */
async function* readReportFile(file: string, cwd: string, notes: TextSink): AsyncGenerator<FileResult> {
  const stream = createReadStream(path.resolve(cwd, file), { highWaterMark: 256 * 1024 });
  try {
    for await (const entry of openReportSource(stream, { name: file })) {
      if (entry.kind === "skipped") {
        await notes.write(`greenboard parse: skipped ${entry.path}: ${entry.reason}\n`);
        continue;
      }
      try {
        yield await readReport(entry.bytes, entry.path);
      } catch (error) {
        if (!(error instanceof JUnitParseError) || ARCHIVE_ERROR_CODES.has(error.code)) throw error;
        // Archives often carry other XML (coverage, lint): only a file given directly must be JUnit.
        if (entry.path !== file && error.code === "NOT_JUNIT") {
          await notes.write(`greenboard parse: skipped ${entry.path}: ${error.message}\n`);
          continue;
        }
        yield failedResult(entry.path, error.message);
      }
    }
  } catch (error) {
    yield failedResult(file, describeReadError(file, error));
  } finally {
    stream.destroy();
  }
}

type ParsedArgs =
  | { ok: true; json: boolean; testFiles: string[]; files: string[] }
  | { ok: false; message: string };

function parseParseArgs(args: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        json: { type: "boolean", default: false },
        "test-files": { type: "string", multiple: true, default: [] },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) return { ok: false, message: "no report files given" };
    return { ok: true, json: values.json, testFiles: values["test-files"], files: positionals };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs `greenboard parse` with the arguments after `parse`; resolves to the exit code. */
export async function runParse(args: string[], io: CliIo): Promise<number> {
  const parsed = parseParseArgs(args);
  if (!parsed.ok) {
    await io.stderr.write(`greenboard parse: ${parsed.message}\n\n${PARSE_USAGE}`);
    return EXIT_USAGE;
  }
  const writer = parsed.json ? createJsonWriter(io.stdout) : createTableWriter(io.stdout);
  const reportedFiles = new Set<string>();
  let hasUnreadable = false;
  for (const file of parsed.files) {
    for await (const result of readReportFile(file, io.cwd, io.stderr)) {
      if (result.error !== null) hasUnreadable = true;
      for (const testCase of result.cases) {
        if (testCase.file !== null) reportedFiles.add(toRelativePosix(testCase.file, io.cwd));
      }
      await writer.writeFile(result);
    }
  }
  const missing = parsed.testFiles.length > 0 ? await findMissingTestFiles(parsed.testFiles, reportedFiles, io.cwd) : [];
  await writer.finish(missing);
  return hasUnreadable ? EXIT_FAILURE : EXIT_OK;
}
