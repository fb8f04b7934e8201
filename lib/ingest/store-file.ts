import { randomUUID } from "node:crypto";
import { copyText, openPgPipeline, type PgPipeline } from "@/lib/db/pg-copy";
import { openPgliteStatements } from "@/lib/db/pglite-direct";
import type { Classifier } from "./classifier";
import { createStagingTables, foldRepeatedKeys, stageFile, STAGE_COLUMNS, type StageRow, type StageSink } from "./stage-file";
import type { Db } from "./sql";

/**
 * Stores one received file into a run, batch by batch while it is still being read: each batch
 * of testcase elements is loaded into `ingest_batch` and, set-based, its new tests, its new
 * failure groups and its results are written. On PostgreSQL the batches are pipelined on the
 * transaction's connection (pg-copy.ts): the server stores batch k while the parser reads batch
 * k+1; on PGlite they go straight to its transaction (pglite-direct.ts), one after the other. What needs the whole file waits for its end — attempts of one test spread over the file
 * (folded, then written over the first attempt's row), results another upload of the run already
 * had (merged, the more severe outcome kept), group counts — and so does the sha256 duplicate
 * check: a file the run already has is rolled back to its savepoint and acknowledged. When the
 * caller hashed the file on arrival (the upload API), that check comes first and a known file is
 * not read at all.
 */

// A batch is flushed at this many elements or bytes of COPY text, whichever comes first:
// small enough that the work left after the last element is short, large enough that the
// per-batch overhead is not (2,000 rows took 11 % longer than 5,000 on the 100,000-case report).
const BATCH_ROWS = 5000;
const BATCH_BYTES = 2 * 1024 * 1024;
// Batches sent and not yet finished; the parser waits beyond this. One is enough to keep both
// busy — the server stores one batch while the parser fills the next — and two held ~15 MiB more
// at no gain in time (npm run bench:ingest).
const IN_FLIGHT = 1;
// Distinct failure fingerprints a file's batches remember (32 hex characters each: ~5 MiB at most).
const MAX_FINGERPRINTS = 50_000;
// Where neither direct path is available (a connection not opened by createPgPool, a PGlite not
// behind our adapter), batches are loaded through Prisma as JSON, this many rows per statement.
// Prisma keeps its last ~100 raw queries with their parameters alive, so this also bounds that memory.
const JSON_ROWS_PER_STATEMENT = 100;

export interface StoredFile {
  sha256: string;
  duplicate: boolean;
  /** Tests (distinct keys) in the file. */
  tests: number;
  notes: string[];
}

interface FileContext {
  projectId: string;
  runId: string;
  uploadId: string;
  now: Date;
  /** The run held no result before this file: its results can be inserted without conflict checks. */
  firstResults: boolean;
  /**
   * The project had no test before this file (its first upload): every first element's test is
   * new, so batches insert them without probing the test-key index (INSERT_NEW_BATCH_TESTS_SQL).
   */
  noTests: boolean;
}

const failing = (alias: string) => `${alias}.status IN ('failed', 'error')`;

function severityRank(column: string): string {
  return `(CASE ${column} WHEN 'error' THEN 4 WHEN 'failed' THEN 3 WHEN 'missing' THEN 3 WHEN 'skipped' THEN 1 ELSE 0 END)`;
}

const RESULT_COLUMNS = `("runId", "testId", "uploadId", status, "durationMs", type, message, trace, truncated, flaky, attempts,
  category, "ruleId", "failureGroupId", "createdAt")`;

/**
 * Inserts the result rows of `source` (staged or folded elements, alias `s` in `where`). Test and
 * group ids are looked up per row by their unique keys — scalar subqueries, never a join: the
 * planner's estimates for a project's tests are wrong while an upload is adding them (a new
 * project's tests start empty), and a join planned on them scans all of tests for every row. With
 * `found` (a batch, after storeBatchTestsSql), each row's test is the one found for it in
 * `ingest_found` or else the one made with its staged id: no lookup at all; with `found: "staged"`
 * (a batch of a project's first upload, INSERT_NEW_BATCH_TESTS_SQL) it is the staged id.
 */
function insertResultsSql(source: string, options: { attempts: string; flaky: string; where?: string; onConflict?: string; found?: boolean | "staged" }): string {
  const lookup = `(SELECT t.id FROM tests t WHERE t."projectId" = $1::text AND t.key = s.key)`;
  return `INSERT INTO results ${RESULT_COLUMNS}
     SELECT $2::text, c.found_test_id, $3::text, c.status::"ResultStatus", c.duration, c.type, c.message, c.trace, c.truncated, ${options.flaky}, ${options.attempts},
       CASE WHEN ${failing("c")} THEN c.category::"Category" END,
       CASE WHEN ${failing("c")} THEN c.rule_id END,
       c.group_id, $4::timestamptz
     FROM (
       SELECT s.*, ${options.found === "staged" ? "s.test_id" : options.found ? "COALESCE(f.id, s.test_id)" : lookup} AS found_test_id,
         CASE WHEN ${failing("s")} THEN (SELECT g.id FROM failure_groups g WHERE g."projectId" = $1::text AND g.fingerprint = s.fingerprint) END AS group_id
       FROM ${source} s
       ${options.found === true ? "LEFT JOIN ingest_found f ON f.ordinal = s.ordinal" : ""}
       ${options.where ?? ""}
       OFFSET 0
     ) c
     -- In test id order: the (testId, runId) index is walked in order instead of at random. Staged
     -- ids (every test new) already come in that order: nextTestId makes them increasing, in the
     -- order the batch is read in; sorting them cost ~40–60 ms per 100,000 (replayed upload, ad hoc).
     ${options.found === "staged" ? "" : "ORDER BY c.found_test_id"}
     ${options.onConflict ?? ""}`;
}

/** A result from another upload of the run keeps the more severe outcome; attempts add up. */
const MERGE_WITH_OTHER_UPLOAD = `status = EXCLUDED.status, "durationMs" = EXCLUDED."durationMs", type = EXCLUDED.type, message = EXCLUDED.message,
       trace = EXCLUDED.trace, truncated = EXCLUDED.truncated, category = EXCLUDED.category, "ruleId" = EXCLUDED."ruleId",
       "failureGroupId" = EXCLUDED."failureGroupId", "uploadId" = EXCLUDED."uploadId"`;

/**
 * New tests of `source` and, in `ingest_touch`, the tests that existed and that this upload
 * changes: un-retired, file and suite filled in, first seen moved earlier (the demo loads past
 * runs). A plain INSERT of the keys not found, not ON CONFLICT: whatever adds tests to a project
 * (uploads, and run completion with its file stand-ins) holds the project's write lock
 * (lockProjectWrites), so nothing adds one meanwhile, and the speculative insertion of ON
 * CONFLICT cost ~15 % more per new test (npm run bench:ingest). The unique index still stands.
 * Rows the INSERT adds are not visible to the lookup (one snapshot), and when every row was new
 * the lookup is skipped whole ($3: rows in source). Lookups by key are scalar subqueries or
 * LATERAL with OFFSET 0: index probes, never a join the planner could turn around (see
 * insertResultsSql). For the rows a file's attempts folded into (ingest_fold); batches use
 * storeBatchTestsSql.
 */
function storeTestsSql(source: string): string {
  return `WITH added AS (
       INSERT INTO tests (id, "projectId", key, name, classname, suite, file, "firstSeenAt")
       SELECT COALESCE(s.test_id, gen_random_uuid()::text), $1::text, s.key, s.name, s.classname, s.suite, s.file, $2::timestamptz FROM ${source} s
       WHERE (SELECT 1 FROM tests t WHERE t."projectId" = $1::text AND t.key = s.key) IS NULL
       RETURNING 1
     ), counted AS (
       SELECT count(*) AS n FROM added
     )
     INSERT INTO ingest_touch (id, file, suite)
     SELECT x.id, b.file, b.suite
     FROM ${source} b
     CROSS JOIN LATERAL (
       SELECT t.id FROM tests t
       WHERE t."projectId" = $1::text AND t.key = b.key AND (${TEST_CHANGED})
       OFFSET 0
     ) x
     WHERE (SELECT n FROM counted) < $3::int`;
}

/** Whether this upload changes test `t` as element `b` has it (see storeTestsSql). */
const TEST_CHANGED = `t."retiredAt" IS NOT NULL OR t."firstSeenAt" > $2::timestamptz
         OR (b.file IS NOT NULL AND b.file IS DISTINCT FROM t.file) OR (b.suite IS NOT NULL AND b.suite IS DISTINCT FROM t.suite)`;

/**
 * A batch's tests, with one probe of the test-key index per first element: the tests it finds
 * go to `ingest_found` (ordinal → id), and to `ingest_touch` when this upload changes them; the
 * others are new and are inserted with their staged ids. The results statement then takes each
 * element's test from there (insertResultsSql `found`) without probing again: a project's next
 * run, whose tests are all known, took three probes per element before (the insert's check, the
 * change check, the results' lookup). The batch's first elements have distinct keys (repeats are
 * flagged while staging), so no key is both found and inserted.
 */
const STORE_BATCH_TESTS_SQL = `WITH probed AS (
       SELECT b.ordinal, b.file, b.suite, x.id, x.changed
       FROM ingest_batch b
       CROSS JOIN LATERAL (
         SELECT t.id, (${TEST_CHANGED}) AS changed FROM tests t
         WHERE t."projectId" = $1::text AND t.key = b.key
         OFFSET 0
       ) x
       WHERE NOT b.repeat
     ), found AS (
       INSERT INTO ingest_found (ordinal, id) SELECT ordinal, id FROM probed
     ), touched AS (
       INSERT INTO ingest_touch (id, file, suite) SELECT id, file, suite FROM probed WHERE changed
     )
     INSERT INTO tests (id, "projectId", key, name, classname, suite, file, "firstSeenAt")
     SELECT s.test_id, $1::text, s.key, s.name, s.classname, s.suite, s.file, $2::timestamptz
     FROM ingest_batch s
     WHERE NOT s.repeat AND s.ordinal NOT IN (SELECT ordinal FROM probed)`;

/**
 * A batch's tests when the project had none before this file: every first element's test is new
 * (first elements have distinct keys, and the project's write lock keeps other uploads out), so
 * they are inserted with their staged ids without a probe each — ~20 % of the tests statement's
 * time on a project's first 100,000-case upload (per-statement timings, ad hoc).
 */
const INSERT_NEW_BATCH_TESTS_SQL = `INSERT INTO tests (id, "projectId", key, name, classname, suite, file, "firstSeenAt")
     SELECT s.test_id, $1::text, s.key, s.name, s.classname, s.suite, s.file, $2::timestamptz
     FROM ingest_batch s WHERE NOT s.repeat`;

/** Applies and empties `ingest_touch` (usually empty: then nothing is read). */
const TOUCH_TESTS_SQL = `UPDATE tests t SET "retiredAt" = NULL, file = COALESCE(u.file, t.file), suite = COALESCE(u.suite, t.suite),
       "firstSeenAt" = LEAST(t."firstSeenAt", $1::timestamptz)
     FROM ingest_touch u
     WHERE EXISTS (SELECT 1 FROM ingest_touch) AND t.id = u.id`;

/**
 * A failure group for each failing fingerprint of `source`, made from its first element ($1
 * project, $2 run, $3 clock): new groups are assigned to the team owning their category. With
 * `counted`, each carries its fingerprint's count of elements in `source` (`n.occurrences`);
 * otherwise it starts at 0. The first element is found by its ordinal, and only then read whole:
 * sorting the failing elements with their messages and traces to pick each first one took
 * ~20 ms per 10,000 of them (per-statement timings, ad hoc).
 */
function insertGroupsSql(source: string, options: { counted: boolean; onConflict: string }): string {
  return `INSERT INTO failure_groups (id, "projectId", fingerprint, category, "failureType", title, status, "ruleId",
       "exampleMessage", "exampleTrace", "firstSeenRunId", "lastSeenRunId", "firstSeenAt", "lastSeenAt", occurrences, "assigneeTeamId", "createdAt", "updatedAt")
     SELECT gen_random_uuid()::text, $1::text, c.fingerprint, c.category::"Category", c.type, c.title, 'new'::"GroupStatus",
       c.rule_id, c.message, c.trace, $2::text, $2::text, $3::timestamptz, $3::timestamptz, ${options.counted ? "n.occurrences" : "0"},
       (SELECT o."teamId" FROM ownership_rules o WHERE o."projectId" = $1::text AND o.kind = 'category' AND o.category = c.category::"Category" ORDER BY o.position LIMIT 1),
       $3::timestamptz, $3::timestamptz
     FROM (
       SELECT c.fingerprint, min(c.ordinal) AS ordinal, count(*)::int AS occurrences FROM ${source} c
       WHERE c.fingerprint IS NOT NULL AND ${failing("c")} GROUP BY c.fingerprint
     ) n
     -- Ordinals are unique among failing elements (a repeated key's stand-ins, ordinal -1, passed).
     JOIN ${source} c ON c.ordinal = n.ordinal AND c.fingerprint = n.fingerprint AND ${failing("c")}
     ${options.onConflict}`;
}

/** The groups a batch's failing fingerprints need that the project does not have yet (counted at the end), noted in `ingest_new_groups`. */
function createGroupsSql(source: string): string {
  return `WITH created AS (
     ${insertGroupsSql(source, { counted: false, onConflict: `ON CONFLICT ("projectId", fingerprint) DO NOTHING RETURNING id` })}
   )
   INSERT INTO ingest_new_groups SELECT id FROM created`;
}

interface Statement {
  sql: string;
  values: unknown[];
}

/** Stores batches: pipelined on PostgreSQL, one statement after the other on PGlite. */
interface Runner {
  /** Whether the parser goes on while a batch is stored. */
  readonly pipelined: boolean;
  /** Whether batches are COPY text (`Batch.data`) rather than rows. */
  readonly copies: boolean;
  /**
   * Loads the batch into `ingest_batch` (empty until then), runs the statements in order and
   * empties `emptied` (ingest_batch, and the tables the statements filled); resolves with each
   * statement's affected row count.
   */
  run(batch: Batch, statements: Statement[], emptied: string): Promise<number[]>;
}

interface Batch {
  /** COPY text, UTF-8, in data[0, bytes) (Runner.copies) */
  data: Buffer | null;
  bytes: number;
  /** COPY lines not yet written into `data` (encodePending). */
  pending: string;
  /** rows (otherwise) */
  rows: StageRow[];
  count: number;
  /** elements that are not repeats: their keys are distinct */
  firsts: number;
  /** A first element fails with a fingerprint no earlier batch of the file had (BatchWriter.fingerprints). */
  newFingerprints: boolean;
  /** Elements that did not pass, or repeat a key: what STAGED_OF_FIRST_RESULTS keeps. */
  notPassedOrRepeat: number;
}

// One message per batch, the COPY with its data and every statement after it: anything the
// server had to answer before the next part could be sent waited for the event loop to get back
// from the parser's current chunk, and per batch that idled the server for longer than the
// batch's smaller statements take.
function copyRunner(pipeline: PgPipeline): Runner {
  return {
    pipelined: pipeline.overlapped,
    copies: true,
    async run(batch, statements, emptied) {
      const counts = await pipeline.copyThen("ingest_batch", batch.data!.subarray(0, batch.bytes), [...statements, { sql: `TRUNCATE ${emptied}`, values: [] }]);
      return counts.slice(0, statements.length);
    },
  };
}

function prismaRunner(tx: Db): Runner {
  return {
    pipelined: false,
    copies: false,
    async run(batch, statements, emptied) {
      for (let i = 0; i < batch.rows.length; i += JSON_ROWS_PER_STATEMENT) {
        const rows = batch.rows.slice(i, i + JSON_ROWS_PER_STATEMENT).map((row) => Object.fromEntries(STAGE_COLUMNS.map((column, c) => [column, row[c]])));
        // One JSON parameter per statement instead of 21 per row: far less per-parameter work in the driver.
        await tx.$executeRawUnsafe(`INSERT INTO ingest_batch SELECT * FROM json_populate_recordset(NULL::ingest_batch, $1::json)`, JSON.stringify(rows));
      }
      const counts: number[] = [];
      for (const statement of statements) counts.push(await tx.$executeRawUnsafe(statement.sql, ...statement.values));
      await tx.$executeRawUnsafe(`TRUNCATE ${emptied}`);
      return counts;
    },
  };
}

/** Report text in COPY's text format (copyText), or \N. */
const text = (value: string | null): string => (value === null ? "\\N" : copyText(value));

/**
 * A staged row as one line of COPY text, in the column order of `ingest_stage`: copyText for
 * every value from the report, and the values made here written as they are — numbers, flags,
 * the status and category names, hex fingerprints, generated test ids — which never hold a
 * backslash, tab or line break. One string built by concatenation: mapping and joining the row
 * cost ~3× as much per row (CPU profile of bench:ingest's server, ad hoc).
 */
export function copyLine(row: StageRow): string {
  const [ordinal, key, name, classname, suite, file, status, severity, duration, type, message, trace, truncated, flaky, runs, category, ruleId, fingerprint, title, repeat, testId] = row;
  return (
    ordinal + "\t" + copyText(key) + "\t" + copyText(name) + "\t" + text(classname) + "\t" + text(suite) + "\t" + text(file) + "\t" +
    status + "\t" + severity + "\t" + (duration === null || !Number.isFinite(duration) ? "\\N" : duration) + "\t" +
    text(type) + "\t" + text(message) + "\t" + text(trace) + "\t" + (truncated ? "t" : "f") + "\t" + (flaky ? "t" : "f") + "\t" + runs + "\t" +
    (category ?? "\\N") + "\t" + text(ruleId) + "\t" + (fingerprint ?? "\\N") + "\t" + text(title) + "\t" + (repeat ? "t" : "f") + "\t" + (testId ?? "\\N") + "\n"
  );
}

// COPY lines are joined into a string of about this many characters before it is written into the
// batch's buffer as UTF-8: one write per line cost more than building the lines (CPU profile of
// bench:ingest's server, ad hoc), and a string this size still dies young.
const PENDING_CHARS = 64 * 1024;
// A batch's buffer: a batch is flushed once its bytes and pending characters reach BATCH_BYTES,
// and the slice written last is PENDING_CHARS plus one line, at up to 3 bytes a character (which
// encodePending reserves). 1 MiB covers a slice of ordinary lines with room to spare; a batch
// whose last slice holds a longer line (message and trace are capped by the parser, names are
// not) gets a larger buffer, used once and not kept.
const BUFFER_BYTES = BATCH_BYTES + 1024 * 1024;

/** Writes the batch's pending lines into its buffer (grown if need be) as UTF-8. */
function encodePending(batch: Batch): void {
  if (!batch.data || batch.pending.length === 0) return;
  // UTF-8 takes at most 3 bytes per UTF-16 unit.
  const needed = batch.bytes + batch.pending.length * 3;
  if (needed > batch.data.length) {
    const grown = Buffer.allocUnsafe(Math.max(batch.data.length * 2, needed));
    batch.data.copy(grown, 0, 0, batch.bytes);
    batch.data = grown;
  }
  batch.bytes += batch.data.write(batch.pending, batch.bytes, "utf8");
  batch.pending = "";
}

/**
 * Takes staged rows, flushes them in batches and keeps at most IN_FLIGHT batches unfinished.
 * The first failure stops the parser at its next row; `abort` waits for whatever was sent.
 */
class BatchWriter implements StageSink {
  private batch: Batch;
  private readonly inFlight: Promise<void>[] = [];
  // COPY buffers, reused: one being filled, IN_FLIGHT being sent. Rows are written into them in
  // slices of PENDING_CHARS as they come, so no batch-sized string builds up and outlives the
  // young generation.
  private readonly spare: Buffer[] = [];
  private failure: unknown = null;
  /** A batch inserted fewer results than it had first elements: another upload of the run had those tests. */
  conflicts = false;
  // Fingerprints of the file's failing first elements so far: a batch with none new has every
  // group it needs already (made by an earlier batch, or there before), and skips the statement
  // that makes them — which read and sorted the whole batch each time, ~35 ms per 100,000 elements
  // (replayed upload, ad hoc). Past MAX_FINGERPRINTS distinct ones (null), every batch runs it.
  private fingerprints: Set<string> | null = new Set();

  constructor(
    private readonly runner: Runner,
    private readonly context: FileContext,
  ) {
    this.batch = this.newBatch();
  }

  private newBatch(): Batch {
    return { data: this.runner.copies ? (this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES)) : null, bytes: 0, pending: "", rows: [], count: 0, firsts: 0, newFingerprints: false, notPassedOrRepeat: 0 };
  }

  add(row: StageRow): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    const batch = this.batch;
    if (batch.data) {
      batch.pending += copyLine(row);
      if (batch.pending.length >= PENDING_CHARS) encodePending(batch);
    } else batch.rows.push(row);
    batch.count++;
    if (row[6] !== "passed" || row[19]) batch.notPassedOrRepeat++;
    if (row[20] !== null) {
      batch.firsts++;
      const fingerprint = row[17];
      if (fingerprint !== null && (row[6] === "failed" || row[6] === "error") && !this.fingerprints?.has(fingerprint)) {
        batch.newFingerprints = true;
        if (this.fingerprints && this.fingerprints.size < MAX_FINGERPRINTS) this.fingerprints.add(fingerprint);
        else this.fingerprints = null;
      }
    }
    return batch.count >= BATCH_ROWS || batch.bytes + batch.pending.length >= BATCH_BYTES ? this.flush() : undefined;
  }

  async end(): Promise<void> {
    if (this.batch.count > 0) await this.flush();
    await Promise.all(this.inFlight.splice(0));
    if (this.failure) throw this.failure;
  }

  async abort(): Promise<void> {
    await Promise.allSettled(this.inFlight.splice(0));
  }

  private async flush(): Promise<void> {
    const batch = this.batch;
    encodePending(batch);
    this.batch = this.newBatch();
    const sent = this.store(batch).finally(() => {
      if (batch.data && batch.data.length <= BUFFER_BYTES) this.spare.push(batch.data);
    });
    sent.catch((error: unknown) => (this.failure ??= error));
    this.inFlight.push(sent);
    // One after the other where statements cannot overlap (PGlite runs in this process).
    const limit = this.runner.pipelined ? IN_FLIGHT : 0;
    if (this.inFlight.length > limit) await this.inFlight.shift()!.catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  private async store(batch: Batch): Promise<void> {
    const { projectId, runId, uploadId, now, firstResults } = this.context;
    const firsts = `(SELECT * FROM ingest_batch WHERE NOT repeat)`;
    // ingest_found is filled only where the project had tests (STORE_BATCH_TESTS_SQL).
    const emptied = this.context.noTests ? "ingest_batch" : "ingest_batch, ingest_found";
    const statements: Statement[] = [
      // A batch that passed whole (a green suite's every batch) has nothing to stage in a fresh run.
      ...(firstResults && batch.notPassedOrRepeat === 0
        ? []
        : [{ sql: `INSERT INTO ingest_stage SELECT * FROM ingest_batch ${firstResults ? STAGED_OF_FIRST_RESULTS : ""}`, values: [] }]),
      ...(this.context.noTests
        ? [{ sql: INSERT_NEW_BATCH_TESTS_SQL, values: [projectId, now] }]
        : [
            { sql: STORE_BATCH_TESTS_SQL, values: [projectId, now] },
            { sql: TOUCH_TESTS_SQL, values: [now] },
            // TRUNCATE, not DELETE, though it is usually empty (a DELETE would be ~0.5 ms a batch
            // cheaper): deleted rows stay in the table until the transaction ends, and a file that
            // touches many tests would have every later batch read them all again.
            { sql: `TRUNCATE ingest_touch`, values: [] },
          ]),
      ...(batch.newFingerprints ? [{ sql: createGroupsSql(firsts), values: [projectId, runId, now] }] : []),
      {
        sql: insertResultsSql("ingest_batch", {
          attempts: "c.runs",
          flaky: "(c.status = 'passed' AND c.flaky)",
          where: "WHERE NOT s.repeat",
          found: this.context.noTests ? "staged" : true,
          onConflict: firstResults ? "" : `ON CONFLICT ("runId", "testId") DO NOTHING`,
        }),
        values: [projectId, runId, uploadId, now],
      },
    ];
    const counts = await this.runner.run(batch, statements, emptied);
    const inserted = counts.at(-1) ?? 0;
    if (inserted < batch.firsts) this.conflicts = true;
  }
}

/**
 * Stores `file` into run `runId`; see the comment at the top. Runs inside the upload's
 * transaction; a malformed file throws (the caller's transaction then rolls back everything).
 */
export async function storeFile(
  tx: Db,
  projectId: string,
  runId: string,
  file: { filename: string; source: Parameters<typeof stageFile>[1]; sha256?: string | (() => string) },
  classifier: Classifier,
  now: Date,
): Promise<StoredFile> {
  if (typeof file.sha256 === "string") {
    // Hashed on arrival: a file the run already has (a retried upload) is acknowledged unread.
    const [known] = await tx.$queryRawUnsafe<{ tests: number }[]>(`SELECT tests FROM uploads WHERE "runId" = $1 AND sha256 = $2`, runId, file.sha256);
    if (known) return { sha256: file.sha256, duplicate: true, tests: known.tests, notes: [] };
  }
  await createStagingTables(tx);
  const [{ has, known } = { has: false, known: true }] = await tx.$queryRawUnsafe<{ has: boolean; known: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM results WHERE "runId" = $1) AS has, EXISTS (SELECT 1 FROM tests WHERE "projectId" = $2) AS known`,
    runId,
    projectId,
  );
  await tx.$executeRawUnsafe(`SAVEPOINT ingest_file`);
  const uploadId = randomUUID();
  // The sha256 is known only once the stream is read: a placeholder keeps the row unique until then.
  await tx.$executeRawUnsafe(
    `INSERT INTO uploads (id, "runId", sha256, filename, size, status, tests, "createdAt")
     VALUES ($1, $2, $3, $4, 0, 'processing', 0, $5)`,
    uploadId,
    runId,
    `pending:${uploadId}`,
    file.filename,
    now,
  );
  const context: FileContext = { projectId, runId, uploadId, now, firstResults: !has, noTests: !known };
  const pipeline = (await openPgPipeline(tx)) ?? (await openPgliteStatements(tx));
  const writer = new BatchWriter(pipeline ? copyRunner(pipeline) : prismaRunner(tx), context);
  const staged = await stageFile(file.filename, file.source, classifier, writer, file.sha256);

  const duplicate = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM uploads WHERE "runId" = $1 AND sha256 = $2`, runId, staged.sha256);
  if (duplicate.length > 0) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ingest_file`);
    const tests = await tx.$queryRawUnsafe<{ tests: number }[]>(`SELECT tests FROM uploads WHERE id = $1`, duplicate[0]!.id);
    return { sha256: staged.sha256, duplicate: true, tests: tests[0]?.tests ?? 0, notes: staged.notes };
  }
  const repeated = staged.repeats > 0;
  if (repeated && context.firstResults) await restagePassedFirstElements(tx, context);
  if (repeated) await foldRepeatedKeys(tx);
  await finishGroups(tx, context, repeated);
  if (repeated) await storeFoldedResults(tx, context);
  if (writer.conflicts) await mergeWithOtherUploads(tx, context, repeated);
  if (repeated) {
    // Groups this file made for a first attempt that a later attempt of the same test replaced.
    await tx.$executeRawUnsafe(
      `DELETE FROM failure_groups g WHERE g.id IN (SELECT id FROM ingest_new_groups) AND g.occurrences = 0
         AND NOT EXISTS (SELECT 1 FROM results r WHERE r."failureGroupId" = g.id)`,
    );
  }
  // Distinct keys: the first elements (their keys differ), and the keys that only looked repeated
  // (a hash collision flagged their first element a repeat: no element of theirs is staged as a first).
  let tests = staged.elements - staged.repeats;
  if (repeated) {
    const [row] = await tx.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(DISTINCT s.key)::int AS n FROM ingest_stage s WHERE s.repeat AND NOT EXISTS (SELECT 1 FROM ingest_stage f WHERE f.key = s.key AND NOT f.repeat)`,
    );
    tests += row?.n ?? 0;
  }
  await tx.$executeRawUnsafe(
    `UPDATE uploads SET sha256 = $2, size = $3, tests = $4, status = 'stored' WHERE id = $1`,
    uploadId,
    staged.sha256,
    staged.size,
    tests,
  );
  await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ingest_file`);
  return { sha256: staged.sha256, duplicate: false, tests, notes: staged.notes };
}

/**
 * Which rows of a batch `ingest_stage` keeps when the run had no result before the file: passed
 * first elements — ~90 % of a typical report — are needed after the batches only when a later
 * element repeats their key, and then their stored result says all the fold needs
 * (restagePassedFirstElements). Group counts and examples read failing elements only, and the merge
 * with other uploads does not happen (no other upload has a result in the run). Keeping them cost
 * ~55 ms per 100,000 elements in the staging copy and ~25 ms in the group counts (per-statement
 * timings, ad hoc). Otherwise every row is kept: a passed first element may have met another
 * upload's result, and the fold then needs the element itself.
 */
const STAGED_OF_FIRST_RESULTS = `WHERE status <> 'passed' OR repeat`;

/**
 * Before the fold, in a run that had no result before the file: the passed first elements of the
 * repeated keys, which the batches did not stage (STAGED_OF_FIRST_RESULTS), read back from the
 * results they stored — status, attempts and flaky are what the fold weighs; the ordinal -1 sorts
 * them before every later element of their key, as their own ordinal did. Such a row is never the
 * chosen one (a passed first element is neither the last element nor the most severe one), so
 * its other columns are only for completeness.
 */
async function restagePassedFirstElements(tx: Db, context: FileContext): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO ingest_stage (ordinal, key, name, classname, suite, file, status, severity, duration, type, message, trace, truncated, flaky, runs,
       category, rule_id, fingerprint, title, repeat, test_id)
     SELECT -1, t.key, t.name, t.classname, t.suite, t.file, 'passed', 0, r."durationMs", r.type, r.message, r.trace, r.truncated, r.flaky, r.attempts,
       NULL, NULL, NULL, NULL, false, t.id
     FROM (SELECT DISTINCT key FROM ingest_stage WHERE repeat) k
     CROSS JOIN LATERAL (SELECT t.* FROM tests t WHERE t."projectId" = $1::text AND t.key = k.key OFFSET 0) t
     JOIN results r ON r."runId" = $2::text AND r."testId" = t.id
     WHERE r."uploadId" = $3::text AND r.status = 'passed'`,
    context.projectId,
    context.runId,
    context.uploadId,
  );
}

/** The file's chosen element per test: every staged row, or — when keys repeat — the folded ones instead of theirs. */
function chosenSource(repeated: boolean): string {
  return repeated
    ? `(SELECT s.ordinal, s.key, s.status, s.type, s.message, s.trace, s.category, s.rule_id, s.fingerprint, s.title FROM ingest_stage s
         WHERE NOT EXISTS (SELECT 1 FROM ingest_fold f WHERE f.key = s.key)
        UNION ALL
        SELECT f.ordinal, f.key, f.status, f.type, f.message, f.trace, f.category, f.rule_id, f.fingerprint, f.title FROM ingest_fold f)`
    : `ingest_stage`;
}

/**
 * Group counts and state, once per file: a fixed/resolved group seen again goes back to `new`
 * with the `regressed` flag (its audit event written first, while the group still has its old
 * status); occurrences grow by the file's chosen failing elements; the example is the file's first.
 */
async function finishGroups(tx: Db, context: FileContext, repeated: boolean): Promise<void> {
  const { projectId, runId, now } = context;
  const chosen = chosenSource(repeated);
  await tx.$executeRawUnsafe(
    `INSERT INTO triage_events (id, "projectId", "failureGroupId", actor, action, "fromValue", "toValue", note, "createdAt")
     SELECT gen_random_uuid()::text, g."projectId", g.id, 'system', 'status', g.status::text, 'new', 'regressed: seen again in run ' || ru."runKey", $3::timestamptz
     FROM failure_groups g JOIN runs ru ON ru.id = $2::text
     WHERE g."projectId" = $1::text AND g.status IN ('fixed', 'resolved')
       AND g.fingerprint IN (SELECT c.fingerprint FROM ${chosen} c WHERE c.fingerprint IS NOT NULL AND ${failing("c")})`,
    projectId,
    runId,
    now,
  );
  await tx.$executeRawUnsafe(
    insertGroupsSql(
      chosen,
      {
        counted: true,
        onConflict: `ON CONFLICT ("projectId", fingerprint) DO UPDATE SET
       "lastSeenAt" = GREATEST(failure_groups."lastSeenAt", EXCLUDED."lastSeenAt"),
       "lastSeenRunId" = EXCLUDED."lastSeenRunId",
       occurrences = failure_groups.occurrences + EXCLUDED.occurrences,
       "exampleMessage" = EXCLUDED."exampleMessage",
       "exampleTrace" = EXCLUDED."exampleTrace",
       regressed = failure_groups.regressed OR failure_groups.status IN ('fixed', 'resolved'),
       status = CASE WHEN failure_groups.status IN ('fixed', 'resolved') THEN 'new'::"GroupStatus" ELSE failure_groups.status END,
       "updatedAt" = EXCLUDED."updatedAt"`,
      },
    ),
    projectId,
    runId,
    now,
  );
}

/**
 * Tests whose elements repeat in the file: their folded row replaces the one the first element
 * wrote; where another upload of the run had the test, the more severe outcome is kept and the
 * attempts add up (as for any test in two shards).
 */
async function storeFoldedResults(tx: Db, context: FileContext): Promise<void> {
  const { projectId, runId, uploadId, now } = context;
  const [{ n } = { n: 0 }] = await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ingest_fold`);
  // Keys that only looked repeated (hash collision) had no first element stored: their tests too.
  await tx.$executeRawUnsafe(storeTestsSql(`ingest_fold`), projectId, now, n);
  await tx.$executeRawUnsafe(TOUCH_TESTS_SQL, now);
  await tx.$executeRawUnsafe(`TRUNCATE ingest_touch`);
  await tx.$executeRawUnsafe(
    insertResultsSql("ingest_fold", {
      attempts: "c.attempt_count",
      flaky: "c.merged_flaky",
      onConflict: `ON CONFLICT ("runId", "testId") DO UPDATE SET ${MERGE_WITH_OTHER_UPLOAD},
       attempts = CASE WHEN results."uploadId" = EXCLUDED."uploadId" THEN EXCLUDED.attempts ELSE results.attempts + EXCLUDED.attempts END,
       flaky = CASE WHEN results."uploadId" = EXCLUDED."uploadId" THEN EXCLUDED.flaky ELSE results.flaky OR EXCLUDED.flaky END
       WHERE results."uploadId" = EXCLUDED."uploadId" OR ${severityRank("EXCLUDED.status")} > ${severityRank("results.status")}`,
    }),
    projectId,
    runId,
    uploadId,
    now,
  );
}

/**
 * Tests seen once in the file that another upload of the run already had (the batch insert left
 * those rows alone): the same test in two shards keeps the more severe outcome.
 */
async function mergeWithOtherUploads(tx: Db, context: FileContext, repeated: boolean): Promise<void> {
  const { projectId, runId, uploadId, now } = context;
  // Rows of this upload are its own (inserted by a batch); a row of another upload (or none) is not.
  const theirs = `(SELECT r."uploadId" IS DISTINCT FROM $3::text FROM results r WHERE r."runId" = $2::text
      AND r."testId" = (SELECT t.id FROM tests t WHERE t."projectId" = $1::text AND t.key = s.key)) IS TRUE`;
  await tx.$executeRawUnsafe(
    insertResultsSql("ingest_stage", {
      attempts: "c.runs",
      flaky: "(c.status = 'passed' AND c.flaky)",
      where: `WHERE NOT s.repeat AND ${theirs} ${repeated ? `AND NOT EXISTS (SELECT 1 FROM ingest_fold f WHERE f.key = s.key)` : ""}`,
      onConflict: `ON CONFLICT ("runId", "testId") DO UPDATE SET ${MERGE_WITH_OTHER_UPLOAD},
       attempts = results.attempts + EXCLUDED.attempts, flaky = results.flaky OR EXCLUDED.flaky
       WHERE ${severityRank("EXCLUDED.status")} > ${severityRank("results.status")}`,
    }),
    projectId,
    runId,
    uploadId,
    now,
  );
}
