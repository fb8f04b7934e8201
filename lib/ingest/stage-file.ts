import { createHash } from "node:crypto";
import {
  isJUnitParseError,
  openReportSource,
  parseJUnitStream,
  type ByteSource,
  type ParsedCase,
} from "@/lib/junit";
import type { Classifier } from "./classifier";
import { IngestError } from "./errors";
import type { Db } from "./sql";

/**
 * Streams one received file (a report or an archive of reports) into the transaction's staging
 * table, batch by batch, so memory stays flat however many cases it holds. One row per testcase
 * element; failing elements are classified as they pass. Attempts of one test are folded later,
 * in SQL (`foldStagedAttempts`).
 */

// Prisma keeps its last ~100 raw queries with their parameters alive (measured: heap plateaus after
// 100 batches whatever the batch size), so the batch size bounds that memory: 100 cases per
// statement keeps it near 20 MiB and is no slower than 500 (npm run bench:ingest).
const BATCH = 100;
const SEVERITY: Record<ParsedCase["status"], number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

export async function createStagingTable(tx: Db): Promise<void> {
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE IF NOT EXISTS ingest_stage (
       ordinal int NOT NULL, key text NOT NULL, name text NOT NULL, classname text, suite text, file text,
       status text NOT NULL, severity int NOT NULL, duration float8, type text, message text, trace text,
       truncated boolean NOT NULL, flaky boolean NOT NULL, runs int NOT NULL,
       category text, rule_id text, fingerprint text, title text
     ) ON COMMIT DROP`,
  );
  await tx.$executeRawUnsafe(`TRUNCATE ingest_stage`);
}

export interface StagedFile {
  sha256: string;
  size: number;
  /** testcase elements read */
  elements: number;
  notes: string[];
}

async function* hashing(source: ByteSource, onChunk: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  const iterable = source instanceof ReadableStream ? (source as unknown as AsyncIterable<Uint8Array>) : source;
  for await (const chunk of iterable) {
    onChunk(chunk);
    yield chunk;
  }
}

function invalidReport(path: string, error: { message: string; code: string; line: number | null; column: number | null }): IngestError {
  return new IngestError("invalid-report", `${path}: ${error.message}`, {
    file: path,
    parserCode: error.code,
    line: error.line,
    column: error.column,
  });
}

export async function stageFile(tx: Db, filename: string, source: ByteSource, classifier: Classifier): Promise<StagedFile> {
  const hash = createHash("sha256");
  let size = 0;
  let elements = 0;
  let reports = 0;
  const notes: string[] = [];
  let batch: ParsedCase[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    await insertStageRows(tx, rows, elements - rows.length, classifier);
  };
  const bytes = hashing(source, (chunk) => {
    hash.update(chunk);
    size += chunk.byteLength;
  });
  try {
    for await (const entry of openReportSource(bytes, { name: filename })) {
      if (entry.kind === "skipped") {
        notes.push(`${entry.path}: skipped (${entry.reason})`);
        continue;
      }
      const isMember = entry.path !== filename;
      try {
        const stream = parseJUnitStream(entry.bytes, { fileName: entry.path, keepOutput: false, keepProperties: false });
        for await (const event of stream) {
          if (event.kind === "case") {
            batch.push(event.case);
            elements++;
            if (batch.length >= BATCH) await flush();
          } else if (event.kind === "summary") {
            for (const warning of event.summary.warnings) notes.push(`${entry.path}: ${warning.message}`);
          }
        }
        reports++;
      } catch (error) {
        // Inside an archive, an XML file that is not a JUnit report is skipped with a note, like any non-report member.
        if (isMember && isJUnitParseError(error) && error.code === "NOT_JUNIT") {
          notes.push(`${entry.path}: skipped (${error.message})`);
          continue;
        }
        throw error;
      }
    }
    await flush();
  } catch (error) {
    if (error instanceof IngestError) throw error;
    if (isJUnitParseError(error)) throw invalidReport(error.fileName ?? filename, error);
    throw error;
  }
  if (size === 0) throw new IngestError("empty-upload", `${filename} is empty`, { file: filename });
  if (reports === 0) throw new IngestError("invalid-report", `${filename} contains no JUnit report`, { file: filename, notes });
  return { sha256: hash.digest("hex"), size, elements, notes };
}

async function insertStageRows(tx: Db, cases: ParsedCase[], firstOrdinal: number, classifier: Classifier): Promise<void> {
  const rows = cases.map((c, index) => {
    const verdict =
      c.status === "failed" || c.status === "error"
        ? classifier.classify({ status: c.status, type: c.type, message: c.message, trace: c.trace, file: c.file, name: c.name, classname: c.classname })
        : null;
    return {
      ordinal: firstOrdinal + index,
      key: c.key,
      name: c.name,
      classname: c.classname,
      suite: c.suite,
      file: c.file,
      status: c.status,
      severity: SEVERITY[c.status],
      duration: c.durationMs,
      type: c.type,
      message: c.message,
      trace: c.trace,
      truncated: c.messageTruncated || c.traceTruncated,
      flaky: c.flaky,
      runs: 1 + (c.attempts?.length ?? 0),
      category: verdict?.category ?? null,
      rule_id: verdict?.ruleId ?? null,
      fingerprint: verdict?.fingerprint ?? null,
      title: verdict?.title ?? null,
    };
  });
  // One JSON parameter per batch instead of 19 per row: far less per-parameter work in the driver.
  await tx.$executeRawUnsafe(`INSERT INTO ingest_stage SELECT * FROM json_populate_recordset(NULL::ingest_stage, $1::json)`, JSON.stringify(rows));
}

/**
 * Folds the staged elements into one chosen row per test key (docs/test-identity.md): when the
 * last element passed, that one, flaky if any element did not pass (or was itself flaky);
 * otherwise the most severe element, the later one on a tie. Same rule as `mergeAttempts`.
 */
export async function foldStagedAttempts(tx: Db): Promise<number> {
  await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS ingest_chosen`);
  await tx.$executeRawUnsafe(`CREATE INDEX IF NOT EXISTS ingest_stage_key ON ingest_stage (key, ordinal)`);
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE ingest_chosen ON COMMIT DROP AS
     WITH agg AS (
       SELECT key, sum(runs)::int AS attempt_count, max(ordinal) AS last_ordinal, bool_or(status <> 'passed' OR flaky) AS had_failing
       FROM ingest_stage GROUP BY key
     )
     SELECT DISTINCT ON (s.key) s.*, a.attempt_count,
       CASE WHEN l.status = 'passed' THEN a.had_failing ELSE false END AS merged_flaky
     FROM ingest_stage s
     JOIN agg a ON a.key = s.key
     JOIN ingest_stage l ON l.key = a.key AND l.ordinal = a.last_ordinal
     ORDER BY s.key,
       CASE WHEN l.status = 'passed' THEN (s.ordinal = a.last_ordinal)::int ELSE 0 END DESC,
       CASE WHEN l.status = 'passed' THEN 0 ELSE s.severity END DESC,
       s.ordinal DESC`,
  );
  // Counted, not taken from the statement: PGlite reports 0 affected rows for CREATE TABLE … AS.
  const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ingest_chosen`);
  return row?.n ?? 0;
}
