import { randomUUID } from "node:crypto";
import type { ByteSource } from "@/lib/junit";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Classifier } from "./classifier";
import { IngestError } from "./errors";
import { refreshRunFigures } from "./run-figures";
import { insertRows, placeholders, type Db } from "./sql";
import { createStagingTable, foldStagedAttempts, stageFile } from "./stage-file";

export interface RunMetadata {
  branch?: string | null;
  commitSha?: string | null;
  ciUrl?: string | null;
  startedAt?: Date | null;
  labels?: Record<string, string>;
  /** Announced number of shards: the run completes once that many distinct uploads arrived. */
  expectedShards?: number | null;
  /**
   * Test files on the uploader's disk (`--test-files`), with its verdict on whether each one's code
   * is all commented out (null: not said). At completion a listed file without any test case in
   * the run is reported `missing`.
   */
  testFiles?: { path: string; commentedOut: boolean | null }[];
}

export interface UploadFile {
  filename: string;
  source: ByteSource;
}

export interface IngestUploadSummary {
  filename: string;
  sha256: string;
  duplicate: boolean;
  /** Tests (distinct keys) in the file. */
  tests: number;
  notes: string[];
}

export interface IngestResult {
  runId: string;
  runKey: string;
  uploads: IngestUploadSummary[];
}

export interface IngestOptions {
  classifier: Classifier;
  /** Clock for tests and the demo generator (results dated in the past). */
  now?: Date;
}

/**
 * Stores report files into the run `runKey` of a project — creating it `open`, or reopening a
 * completed one — in ONE transaction: a malformed file anywhere rejects the whole request and
 * nothing is stored. Each file streams through a staging table in batches (memory flat in the
 * number of cases); a file whose sha256 the run already has is rolled back to its savepoint and
 * acknowledged as a duplicate. Concurrent shards serialise on the run row (the upsert locks it),
 * so totals stay exact.
 */
export async function ingestReports(
  prisma: PrismaClient,
  projectId: string,
  runKey: string,
  metadata: RunMetadata,
  files: UploadFile[],
  options: IngestOptions,
): Promise<IngestResult> {
  if (files.length === 0) throw new IngestError("empty-upload", "No report files in the upload");
  const now = options.now ?? new Date();

  return prisma.$transaction(
    async (tx) => {
      await tuneIngestTransaction(tx);
      const [previous] = await tx.$queryRawUnsafe<{ status: string; completedAt: Date | null }[]>(
        `SELECT status::text AS status, "completedAt" FROM runs WHERE "projectId" = $1 AND "runKey" = $2`,
        projectId,
        runKey,
      );
      const runId = await upsertRun(tx, projectId, runKey, metadata, now);
      await storeTestFiles(tx, runId, metadata.testFiles ?? []);
      const uploads: IngestUploadSummary[] = [];
      for (const file of files) uploads.push(await storeFile(tx, projectId, runId, file, options.classifier, now));
      if (previous?.status === "complete" && uploads.every((u) => u.duplicate)) {
        // A retried upload of files the run already has changes nothing: a completed run stays complete.
        await tx.$executeRawUnsafe(`UPDATE runs SET status = 'complete', "completedAt" = $2 WHERE id = $1`, runId, previous.completedAt);
      }
      await refreshRunFigures(tx, runId);
      return { runId, runKey, uploads };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}

/**
 * Session settings for this transaction only (SET LOCAL). work_mem: the fold and the joins of the
 * set-based store hash or sort about a report's worth of rows, which spills to disk at the default
 * 4 MB. synchronous_commit off: the commit returns before its WAL is flushed; a server crash in that
 * window (well under a second) loses this upload as if it had never arrived — the CLI then sees no
 * answer and retries — but can never leave half of it (docs/decisions.md).
 */
async function tuneIngestTransaction(tx: Db): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL work_mem = '64MB'`);
  await tx.$executeRawUnsafe(`SET LOCAL synchronous_commit = off`);
}

async function storeFile(tx: Db, projectId: string, runId: string, file: UploadFile, classifier: Classifier, now: Date): Promise<IngestUploadSummary> {
  await createStagingTable(tx);
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
  const staged = await stageFile(tx, file.filename, file.source, classifier);
  const duplicate = await tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM uploads WHERE "runId" = $1 AND sha256 = $2`,
    runId,
    staged.sha256,
  );
  if (duplicate.length > 0) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT ingest_file`);
    const tests = await tx.$queryRawUnsafe<{ tests: number }[]>(`SELECT tests FROM uploads WHERE id = $1`, duplicate[0]!.id);
    return { filename: file.filename, sha256: staged.sha256, duplicate: true, tests: tests[0]?.tests ?? 0, notes: staged.notes };
  }
  const tests = await foldStagedAttempts(tx);
  await storeChosen(tx, projectId, runId, uploadId, now);
  await tx.$executeRawUnsafe(
    `UPDATE uploads SET sha256 = $2, size = $3, tests = $4, status = 'stored' WHERE id = $1`,
    uploadId,
    staged.sha256,
    staged.size,
    tests,
  );
  await tx.$executeRawUnsafe(`RELEASE SAVEPOINT ingest_file`);
  return { filename: file.filename, sha256: staged.sha256, duplicate: false, tests, notes: staged.notes };
}

async function upsertRun(tx: Db, projectId: string, runKey: string, metadata: RunMetadata, now: Date): Promise<string> {
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO runs (id, "projectId", "runKey", status, branch, "commitSha", "ciUrl", labels, "expectedShards", "startedAt", "lastUploadAt", "createdAt")
     VALUES ($1, $2, $3, 'open', $4, $5, $6, $7::jsonb, $8, $9, $10, $10)
     ON CONFLICT ("projectId", "runKey") DO UPDATE SET
       status = 'open',
       "completedAt" = NULL,
       "lastUploadAt" = EXCLUDED."lastUploadAt",
       branch = COALESCE(runs.branch, EXCLUDED.branch),
       "commitSha" = COALESCE(runs."commitSha", EXCLUDED."commitSha"),
       "ciUrl" = COALESCE(runs."ciUrl", EXCLUDED."ciUrl"),
       labels = runs.labels || EXCLUDED.labels,
       "expectedShards" = COALESCE(EXCLUDED."expectedShards", runs."expectedShards")
     RETURNING id`,
    randomUUID(),
    projectId,
    runKey,
    metadata.branch ?? null,
    metadata.commitSha ?? null,
    metadata.ciUrl ?? null,
    JSON.stringify(metadata.labels ?? {}),
    metadata.expectedShards ?? null,
    metadata.startedAt ?? now,
    now,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("run upsert returned no row");
  return id;
}

/** Every shard may list the files it saw: the run keeps the union, a verdict once given is kept. */
async function storeTestFiles(tx: Db, runId: string, files: NonNullable<RunMetadata["testFiles"]>): Promise<void> {
  await insertRows(tx, files, {
    prefix: `INSERT INTO run_test_files ("runId", path, "commentedOut")`,
    columns: 3,
    row: placeholders(["", "", "boolean"]),
    values: (file) => [runId, file.path, file.commentedOut],
    suffix: `ON CONFLICT ("runId", path) DO UPDATE SET "commentedOut" = COALESCE(EXCLUDED."commentedOut", run_test_files."commentedOut")`,
  });
}

function severityRank(column: string): string {
  return `(CASE ${column} WHEN 'error' THEN 4 WHEN 'failed' THEN 3 WHEN 'missing' THEN 3 WHEN 'skipped' THEN 1 ELSE 0 END)`;
}

/**
 * Set-based writes from the folded rows: tests upserted (a retired test that reports again is
 * un-retired), failure groups created (assigned to the
 * team owning their category) or updated — a `fixed`/`resolved` group that appears again goes back
 * to `new` with the `regressed` flag — and results inserted. The same test in two shards of one
 * run keeps the more severe outcome.
 */
async function storeChosen(tx: Db, projectId: string, runId: string, uploadId: string, now: Date): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO tests (id, "projectId", key, name, classname, suite, file, "firstSeenAt", "lastSeenAt")
     SELECT gen_random_uuid()::text, $1::text, key, name, classname, suite, file, $2::timestamptz, $2::timestamptz FROM ingest_chosen
     ON CONFLICT ("projectId", key) DO UPDATE SET
       "lastSeenAt" = GREATEST(tests."lastSeenAt", EXCLUDED."lastSeenAt"),
       "firstSeenAt" = LEAST(tests."firstSeenAt", EXCLUDED."firstSeenAt"),
       file = COALESCE(EXCLUDED.file, tests.file),
       suite = COALESCE(EXCLUDED.suite, tests.suite),
       "retiredAt" = NULL`,
    projectId,
    now,
  );
  // A fixed/resolved group seen again goes back to `new` (the upsert below); its audit event is
  // written first, set-based, while the group still has its old status.
  await tx.$executeRawUnsafe(
    `INSERT INTO triage_events (id, "projectId", "failureGroupId", actor, action, "fromValue", "toValue", note, "createdAt")
     SELECT gen_random_uuid()::text, g."projectId", g.id, 'system', 'status', g.status::text, 'new', 'regressed: seen again in run ' || ru."runKey", $3::timestamptz
     FROM failure_groups g JOIN runs ru ON ru.id = $2::text
     WHERE g."projectId" = $1::text AND g.status IN ('fixed', 'resolved')
       AND g.fingerprint IN (SELECT fingerprint FROM ingest_chosen WHERE fingerprint IS NOT NULL AND status IN ('failed', 'error'))`,
    projectId,
    runId,
    now,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO failure_groups (id, "projectId", fingerprint, category, "failureType", title, status, "ruleId",
       "exampleMessage", "exampleTrace", "firstSeenRunId", "lastSeenRunId", "firstSeenAt", "lastSeenAt", occurrences, "assigneeTeamId", "createdAt", "updatedAt")
     SELECT DISTINCT ON (c.fingerprint) gen_random_uuid()::text, $1::text, c.fingerprint, c.category::"Category", c.type, c.title, 'new'::"GroupStatus",
       c.rule_id, c.message, c.trace, $2::text, $2::text, $3::timestamptz, $3::timestamptz, n.occurrences,
       (SELECT o."teamId" FROM ownership_rules o WHERE o."projectId" = $1::text AND o.kind = 'category' AND o.category = c.category::"Category" ORDER BY o.position LIMIT 1),
       $3::timestamptz, $3::timestamptz
     FROM ingest_chosen c
     JOIN (SELECT fingerprint, count(*)::int AS occurrences FROM ingest_chosen WHERE fingerprint IS NOT NULL GROUP BY fingerprint) n ON n.fingerprint = c.fingerprint
     WHERE c.fingerprint IS NOT NULL AND c.status IN ('failed', 'error')
     ORDER BY c.fingerprint, c.ordinal
     ON CONFLICT ("projectId", fingerprint) DO UPDATE SET
       "lastSeenAt" = GREATEST(failure_groups."lastSeenAt", EXCLUDED."lastSeenAt"),
       "lastSeenRunId" = EXCLUDED."lastSeenRunId",
       occurrences = failure_groups.occurrences + EXCLUDED.occurrences,
       "exampleMessage" = EXCLUDED."exampleMessage",
       "exampleTrace" = EXCLUDED."exampleTrace",
       regressed = failure_groups.regressed OR failure_groups.status IN ('fixed', 'resolved'),
       status = CASE WHEN failure_groups.status IN ('fixed', 'resolved') THEN 'new'::"GroupStatus" ELSE failure_groups.status END,
       "updatedAt" = EXCLUDED."updatedAt"`,
    projectId,
    runId,
    now,
  );
  // A passing final attempt keeps no classification: only failing chosen rows join a group.
  await tx.$executeRawUnsafe(
    `INSERT INTO results ("runId", "testId", "uploadId", status, "durationMs", type, message, trace, truncated, flaky, attempts,
       category, "ruleId", "failureGroupId", "createdAt")
     SELECT $2::text, t.id, $3::text, c.status::"ResultStatus", c.duration, c.type, c.message, c.trace, c.truncated, c.merged_flaky, c.attempt_count,
       CASE WHEN c.status IN ('failed', 'error') THEN c.category::"Category" END,
       CASE WHEN c.status IN ('failed', 'error') THEN c.rule_id END,
       g.id, $4::timestamptz
     FROM ingest_chosen c
     JOIN tests t ON t."projectId" = $1::text AND t.key = c.key
     LEFT JOIN failure_groups g ON g."projectId" = $1::text AND g.fingerprint = c.fingerprint AND c.status IN ('failed', 'error')
     -- In test id order, the foreign-key checks on tests and the (testId, runId) index are walked
     -- in order instead of at random (fewer buffer misses on a large report).
     ORDER BY t.id
     ON CONFLICT ("runId", "testId") DO UPDATE SET
       status = EXCLUDED.status, "durationMs" = EXCLUDED."durationMs", type = EXCLUDED.type, message = EXCLUDED.message,
       trace = EXCLUDED.trace, truncated = EXCLUDED.truncated, category = EXCLUDED.category, "ruleId" = EXCLUDED."ruleId",
       "failureGroupId" = EXCLUDED."failureGroupId", "uploadId" = EXCLUDED."uploadId",
       attempts = results.attempts + EXCLUDED.attempts, flaky = results.flaky OR EXCLUDED.flaky
       WHERE ${severityRank("EXCLUDED.status")} > ${severityRank("results.status")}`,
    projectId,
    runId,
    uploadId,
    now,
  );
}
