import { createHash } from "node:crypto";
import { AttemptMerger, isJUnitParseError, parseReportSource, type ByteSource, type MergedCase } from "@/lib/junit";
import { IngestError } from "./errors";

export interface ParsedUpload {
  filename: string;
  sha256: string;
  size: number;
  /** One entry per test key across every report in the file (archives included), attempts merged. */
  cases: MergedCase[];
  /** Test case elements read, before merging attempts. */
  elements: number;
  /** Notes about skipped archive members and parser warnings. */
  notes: string[];
}

async function* hashing(source: ByteSource, onChunk: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  const iterable: AsyncIterable<Uint8Array> | Iterable<Uint8Array> =
    source instanceof ReadableStream ? (source as unknown as AsyncIterable<Uint8Array>) : source;
  for await (const chunk of iterable) {
    onChunk(chunk);
    yield chunk;
  }
}

/**
 * Reads one received file (a report or an archive of reports) completely before anything is
 * stored: a malformed member rejects the whole file, so nothing is half-stored. The sha256 is
 * taken over the bytes as received.
 */
export async function parseUpload(filename: string, source: ByteSource): Promise<ParsedUpload> {
  const hash = createHash("sha256");
  let size = 0;
  const merger = new AttemptMerger();
  const notes: string[] = [];
  let elements = 0;
  let reports = 0;
  const bytes = hashing(source, (chunk) => {
    hash.update(chunk);
    size += chunk.byteLength;
  });
  try {
    for await (const entry of parseReportSource(bytes, { name: filename })) {
      if (entry.kind === "skipped") {
        notes.push(`${entry.path}: skipped (${entry.reason})`);
        continue;
      }
      if (entry.kind === "invalid") {
        throw new IngestError("invalid-report", `${entry.path}: ${entry.error.message}`, {
          file: entry.path,
          code: entry.error.code,
          line: entry.error.line,
          column: entry.error.column,
        });
      }
      reports++;
      for (const c of entry.report.cases) {
        elements++;
        merger.add(c);
      }
      for (const warning of entry.report.summary.warnings) notes.push(`${entry.path}: ${warning.message}`);
    }
  } catch (error) {
    if (error instanceof IngestError) throw error;
    if (isJUnitParseError(error)) {
      throw new IngestError("invalid-report", `${filename}: ${error.message}`, {
        file: filename,
        code: error.code,
        line: error.line,
        column: error.column,
      });
    }
    throw error;
  }
  if (size === 0) throw new IngestError("empty-upload", `${filename} is empty`, { file: filename });
  if (reports === 0) {
    throw new IngestError("invalid-report", `${filename} contains no JUnit report`, { file: filename, notes });
  }
  return { filename, sha256: hash.digest("hex"), size, cases: merger.results(), elements, notes };
}
