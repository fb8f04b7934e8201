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
 * Reads one received file (a report or an archive of reports) as a stream and hands out its
 * testcase elements as staging rows, classified as they pass, while hashing the bytes. The rows
 * go to the database batch by batch (store-file.ts), so memory stays flat however many cases the
 * file holds.
 */

const SEVERITY: Record<ParsedCase["status"], number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

/**
 * The transaction's staging tables: `ingest_batch` holds the batch being stored, `ingest_stage`
 * the elements of the file read once it is done (attempts of one test, group counts; all of them,
 * or in a run without results yet all but the passed first elements: store-file.ts),
 * `ingest_touch` the existing tests a batch changes, `ingest_found` the batch's elements whose test
 * exists, `ingest_new_groups` the failure groups the file created.
 */
export async function createStagingTables(tx: Db): Promise<void> {
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE IF NOT EXISTS ingest_stage (
       ordinal int NOT NULL, key text NOT NULL, name text NOT NULL, classname text, suite text, file text,
       status text NOT NULL, severity int NOT NULL, duration float8, type text, message text, trace text,
       truncated boolean NOT NULL, flaky boolean NOT NULL, runs int NOT NULL,
       category text, rule_id text, fingerprint text, title text, repeat boolean NOT NULL, test_id text
     ) ON COMMIT DROP`,
  );
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE IF NOT EXISTS ingest_batch (LIKE ingest_stage) ON COMMIT DROP`);
  // Existing tests an upload changes (store-file.ts).
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE IF NOT EXISTS ingest_touch (id text NOT NULL, file text, suite text) ON COMMIT DROP`);
  // The batch's elements whose test exists (store-file.ts): ordinal → test id.
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE IF NOT EXISTS ingest_found (ordinal int PRIMARY KEY, id text NOT NULL) ON COMMIT DROP`);
  // Failure groups this file created.
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE IF NOT EXISTS ingest_new_groups (id text NOT NULL) ON COMMIT DROP`);
  await tx.$executeRawUnsafe(`TRUNCATE ingest_stage, ingest_batch, ingest_touch, ingest_found, ingest_new_groups`);
}

export interface StagedFile {
  sha256: string;
  size: number;
  /** testcase elements read */
  elements: number;
  /** elements whose key an earlier element of the file already had */
  repeats: number;
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

/**
 * Where rows go: `add` returns a promise only when the caller must wait (a batch flushed, or
 * backpressure); `end` after the last row; `abort` after a failure.
 */
export interface StageSink {
  add(row: StageRow): Promise<void> | void;
  end(): Promise<void>;
  /** After a failure: leaves the connection usable so the transaction can roll back. */
  abort(): Promise<void>;
}

/**
 * `sha256`: the source's hash when the caller takes it (then it is not taken again) — or a function
 * that gives it once the source has been read to its end.
 */
export async function stageFile(
  filename: string,
  source: ByteSource,
  classifier: Classifier,
  sink: StageSink,
  sha256?: string | (() => string),
): Promise<StagedFile> {
  const hash = sha256 === undefined ? createHash("sha256") : null;
  let size = 0;
  let elements = 0;
  let reports = 0;
  const notes: string[] = [];
  const seen = new KeySet();
  let repeats = 0;
  const bytes = hashing(source, (chunk) => {
    hash?.update(chunk);
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
            const hashed = keyHash(event.case.key);
            const repeat = seen.has(hashed);
            if (repeat) repeats++;
            else seen.add(hashed);
            // Usually nothing to wait for: an await per element would cost a microtask turn each.
            const stored = sink.add(stageRow(event.case, elements, classifier, repeat ? null : nextTestId()));
            if (stored) await stored;
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
  } finally {
    // Stopped early (a malformed report): the source is closed now, not when it is collected —
    // an open spool file keeps its disk space after the spool is removed.
    await bytes.return(undefined).catch(() => undefined);
  }
  if (size === 0) throw new IngestError("empty-upload", `${filename} is empty`, { file: filename });
  if (reports === 0) throw new IngestError("invalid-report", `${filename} contains no JUnit report`, { file: filename, notes });
  return { sha256: hash ? hash.digest("hex") : typeof sha256 === "function" ? sha256() : sha256!, size, elements, repeats, notes };
}

/**
 * A set of key hashes in one Float64Array (open addressing, linear probing): 16–32 bytes a key,
 * against ~45 for a Set of non-small numbers, and no 2^24-entry ceiling.
 */
export class KeySet {
  private slots = new Float64Array(1 << 12);
  private size = 0;

  has(hash: number): boolean {
    const slots = this.slots;
    const mask = slots.length - 1;
    const stored = hash + 1; // 0 marks an empty slot
    for (let i = (hash ^ (hash / 0x100000000)) & mask; ; i = (i + 1) & mask) {
      if (slots[i] === 0) return false;
      if (slots[i] === stored) return true;
    }
  }

  add(hash: number): void {
    if ((this.size + 1) * 2 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = slots.length - 1;
    const stored = hash + 1;
    let i = (hash ^ (hash / 0x100000000)) & mask;
    while (slots[i] !== 0) {
      if (slots[i] === stored) return;
      i = (i + 1) & mask;
    }
    slots[i] = stored;
    this.size++;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (const stored of old) if (stored !== 0) this.add(stored - 1);
  }
}

/**
 * 53 bits of two FNV-1a style hashes of a test key: the file's keys are remembered as numbers,
 * not strings (KeySet: 16–32 MiB for a million cases). A collision only marks a first element as a
 * repeat, which sends it down the exact (slower) path for repeated keys.
 */
export function keyHash(key: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

// Ids for new tests: 21 characters that increase in the order they are made (time in ms, then a
// sequence, then a tag of this process), so a report's new tests are appended at the right edge of
// the tests and results indexes instead of at random places (a random UUID costs ~25 % more per
// insert on PostgreSQL, npm run bench:ingest). Unique across processes by the random tag.
const PROCESS_TAG = Math.floor(Math.random() * 36 ** 6).toString(36).padStart(6, "0");
let sequence = 0;
let clock = { ms: -1, text: "" };
function nextTestId(): string {
  sequence = (sequence + 1) % 36 ** 6;
  const now = Date.now();
  // Thousands of ids are made within one millisecond: its text once.
  if (now !== clock.ms) clock = { ms: now, text: now.toString(36).padStart(9, "0") };
  return `${clock.text}${sequence.toString(36).padStart(6, "0")}${PROCESS_TAG}`;
}

export type StageRow = [
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
  /** An earlier element of this file had the same key (attempts of one test, folded at the end). */
  repeat: boolean,
  /** The id the test gets if it is new (first elements only). */
  test_id: string | null,
];

/** One staged row, in the column order of `ingest_stage`; failing elements classified here. */
function stageRow(c: ParsedCase, ordinal: number, classifier: Classifier, testId: string | null): StageRow {
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
    testId === null,
    testId,
  ];
}

export const STAGE_COLUMNS = [
  "ordinal", "key", "name", "classname", "suite", "file", "status", "severity", "duration", "type", "message", "trace",
  "truncated", "flaky", "runs", "category", "rule_id", "fingerprint", "title", "repeat", "test_id",
] as const;

/**
 * Folds the elements of every test key that occurs more than once in the file into one chosen
 * row per key (docs/test-identity.md), in `ingest_fold`: when the last element passed, that one,
 * flaky if any element did not pass (or was itself flaky); otherwise the most severe element, the
 * later one on a tie. Same rule as `mergeAttempts`. Keys seen once are stored as they are.
 */
export async function foldRepeatedKeys(tx: Db): Promise<void> {
  await tx.$executeRawUnsafe(`DROP TABLE IF EXISTS ingest_fold`);
  // Statistics for the planner: without them it guesses 200 keys and nests loops over the whole file.
  await tx.$executeRawUnsafe(`ANALYZE ingest_stage`);
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE ingest_fold ON COMMIT DROP AS
     WITH repeated AS (
       SELECT s.key, sum(s.runs)::int AS attempt_count, max(s.ordinal) AS last_ordinal, bool_or(s.status <> 'passed' OR s.flaky) AS had_failing
       FROM ingest_stage s WHERE s.key IN (SELECT key FROM ingest_stage WHERE repeat) GROUP BY s.key
     )
     SELECT DISTINCT ON (s.key) s.*, a.attempt_count,
       CASE WHEN l.status = 'passed' THEN a.had_failing ELSE false END AS merged_flaky
     FROM repeated a
     JOIN ingest_stage s ON s.key = a.key
     JOIN ingest_stage l ON l.key = a.key AND l.ordinal = a.last_ordinal
     ORDER BY s.key,
       CASE WHEN l.status = 'passed' THEN (s.ordinal = a.last_ordinal)::int ELSE 0 END DESC,
       CASE WHEN l.status = 'passed' THEN 0 ELSE s.severity END DESC,
       s.ordinal DESC`,
  );
}
