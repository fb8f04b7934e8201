import { createHash } from "node:crypto";
import {
  isJUnitParseError,
  openReportSource,
  parseJUnitStream,
  type ByteSource,
  type ParsedCase,
} from "@/lib/junit";
import { copyText, startCopy } from "@/lib/db/pg-copy";
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
// statement keeps it near 20 MiB and is no slower than 500 (npm run bench:ingest). PGlite only:
// PostgreSQL stages through COPY, which keeps nothing.
const BATCH = 100;
// COPY data is sent in chunks of about this many characters; the socket's backpressure bounds the rest.
const COPY_CHUNK = 256 * 1024;
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
  const sink = await openStageSink(tx);
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
            await sink.add(stageRow(event.case, elements, classifier));
            elements++;
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
    await sink.end();
  } catch (error) {
    await sink.abort();
    if (error instanceof IngestError) throw error;
    if (isJUnitParseError(error)) throw invalidReport(error.fileName ?? filename, error);
    throw error;
  }
  if (size === 0) throw new IngestError("empty-upload", `${filename} is empty`, { file: filename });
  if (reports === 0) throw new IngestError("invalid-report", `${filename} contains no JUnit report`, { file: filename, notes });
  return { sha256: hash.digest("hex"), size, elements, notes };
}

type StageRow = [
  ordinal: number,
  key: string,
  name: string,
  classname: string | null,
  suite: string | null,
  file: string | null,
  status: ParsedCase["status"],
  severity: number,
  duration: number | null,
  type: string | null,
  message: string | null,
  trace: string | null,
  truncated: boolean,
  flaky: boolean,
  runs: number,
  category: string | null,
  rule_id: string | null,
  fingerprint: string | null,
  title: string | null,
];

/** One staged row, in the column order of `ingest_stage`; failing elements classified here. */
function stageRow(c: ParsedCase, ordinal: number, classifier: Classifier): StageRow {
  const verdict =
    c.status === "failed" || c.status === "error"
      ? classifier.classify({ status: c.status, type: c.type, message: c.message, trace: c.trace, file: c.file, name: c.name, classname: c.classname })
      : null;
  return [
    ordinal,
    c.key,
    c.name,
    c.classname,
    c.suite,
    c.file,
    c.status,
    SEVERITY[c.status],
    c.durationMs,
    c.type,
    c.message,
    c.trace,
    c.messageTruncated || c.traceTruncated,
    c.flaky,
    1 + (c.attempts?.length ?? 0),
    verdict?.category ?? null,
    verdict?.ruleId ?? null,
    verdict?.fingerprint ?? null,
    verdict?.title ?? null,
  ];
}

const STAGE_COLUMNS = [
  "ordinal", "key", "name", "classname", "suite", "file", "status", "severity", "duration", "type", "message", "trace",
  "truncated", "flaky", "runs", "category", "rule_id", "fingerprint", "title",
] as const;

interface StageSink {
  add(row: StageRow): Promise<void>;
  end(): Promise<void>;
  /** After a failure: leaves the connection usable so the transaction can roll back. */
  abort(): Promise<void>;
}

/**
 * PostgreSQL: one COPY for the whole file, fed while the report is parsed (no round trip per
 * batch). PGlite, which has no COPY from a stream: batches of one JSON parameter each.
 */
async function openStageSink(tx: Db): Promise<StageSink> {
  const copy = await startCopy(tx, "ingest_stage");
  if (copy) {
    let buffer = "";
    let open = true;
    return {
      async add(row) {
        buffer += `${row.map(copyText).join("\t")}\n`;
        if (buffer.length >= COPY_CHUNK) {
          const chunk = buffer;
          buffer = "";
          await copy.write(chunk);
        }
      },
      async end() {
        if (buffer) await copy.write(buffer);
        buffer = "";
        open = false;
        await copy.end();
      },
      async abort() {
        if (open) await copy.abort("ingestion failed");
        open = false;
      },
    };
  }
  let batch: StageRow[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch.map((row) => Object.fromEntries(STAGE_COLUMNS.map((column, i) => [column, row[i]])));
    batch = [];
    // One JSON parameter per batch instead of 19 per row: far less per-parameter work in the driver.
    await tx.$executeRawUnsafe(`INSERT INTO ingest_stage SELECT * FROM json_populate_recordset(NULL::ingest_stage, $1::json)`, JSON.stringify(rows));
  };
  return {
    async add(row) {
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    },
    end: flush,
    async abort() {},
  };
}

/**
 * Folds the staged elements into one chosen row per test key (docs/test-identity.md): when the
 * last element passed, that one, flaky if any element did not pass (or was itself flaky);
 * otherwise the most severe element, the later one on a tie. Same rule as `mergeAttempts`.
 */
export async function foldStagedAttempts(tx: Db): Promise<number> {
  await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS ingest_chosen`);
  // Statistics for the planner: without them it guesses 200 keys and nests loops over 100,000.
  await tx.$executeRawUnsafe(`ANALYZE ingest_stage`);
  // Most keys occur once (no retries): those rows are chosen as they are, and only repeated keys
  // pay for the sort that picks their chosen element.
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE ingest_chosen ON COMMIT DROP AS
     WITH repeated AS (
       SELECT key, sum(runs)::int AS attempt_count, max(ordinal) AS last_ordinal, bool_or(status <> 'passed' OR flaky) AS had_failing
       FROM ingest_stage GROUP BY key HAVING count(*) > 1
     )
     SELECT s.*, s.runs AS attempt_count, (s.status = 'passed' AND s.flaky) AS merged_flaky
     FROM ingest_stage s
     WHERE NOT EXISTS (SELECT 1 FROM repeated r WHERE r.key = s.key)
     UNION ALL
     SELECT * FROM (
       SELECT DISTINCT ON (s.key) s.*, a.attempt_count,
         CASE WHEN l.status = 'passed' THEN a.had_failing ELSE false END AS merged_flaky
       FROM repeated a
       JOIN ingest_stage s ON s.key = a.key
       JOIN ingest_stage l ON l.key = a.key AND l.ordinal = a.last_ordinal
       ORDER BY s.key,
         CASE WHEN l.status = 'passed' THEN (s.ordinal = a.last_ordinal)::int ELSE 0 END DESC,
         CASE WHEN l.status = 'passed' THEN 0 ELSE s.severity END DESC,
         s.ordinal DESC
     ) folded`,
  );
  // Counted, not taken from the statement: PGlite reports 0 affected rows for CREATE TABLE … AS.
  const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ingest_chosen`);
  return row?.n ?? 0;
}
