import { randomUUID } from "node:crypto";
import type { ByteSource } from "@/lib/junit";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { afterBulkWrite } from "@/lib/db/maintenance";
import { lockProjectWrites } from "@/lib/db/project-lock";
import type { Classifier } from "./classifier";
import { completeRunInTransaction } from "./complete-run";
import { IngestError } from "./errors";
import { refreshRunFigures } from "./run-figures";
import { insertRows, placeholders, type Db } from "./sql";
import { storeFile } from "./store-file";

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
  /**
   * sha256 (hex) of the source's bytes when the caller takes it (the upload API does, as the file
   * arrives): a file the run already has is then acknowledged without being read, and ingestion
   * does not hash it again. A function when the hash is only known once the source has been read
   * to its end (a file stored while it arrives).
   */
  sha256?: string | (() => string);
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
  /** The run was completed by this upload. */
  completed: boolean;
}

export interface IngestOptions {
  classifier: Classifier;
  /** Clock for tests and the demo generator (results dated in the past). */
  now?: Date;
  /** The uploader says this was the run's last upload: complete it in the same transaction. */
  complete?: boolean;
}

/**
 * Stores report files into the run `runKey` of a project — creating it `open`, or reopening a
 * completed one — in ONE transaction: a malformed file anywhere rejects the whole request and
 * nothing is stored. Each file is stored in batches while it streams in (store-file.ts; memory flat
 * in the number of cases); a file whose sha256 the run already has is rolled back to its
 * savepoint and acknowledged as a duplicate. Uploads into one project take its write lock
 * (lockProjectWrites) and so store one after the other, so totals stay exact. The run is completed in the same transaction when the
 * uploader says so or the announced shards have all arrived (completeRunInTransaction).
 */
export async function ingestReports(
  prisma: PrismaClient,
  projectId: string,
  runKey: string,
  metadata: RunMetadata,
  files: UploadFile[] | AsyncIterable<UploadFile>,
  options: IngestOptions,
): Promise<IngestResult> {
  if (Array.isArray(files) && files.length === 0) throw new IngestError("empty-upload", "No report files in the upload");
  const now = options.now ?? new Date();

  const result = await prisma.$transaction(
    async (tx) => {
      await tuneIngestTransaction(tx);
      await lockProjectWrites(tx, projectId);
      const [previous] = await tx.$queryRawUnsafe<{ status: string; completedAt: Date | null }[]>(
        `SELECT status::text AS status, "completedAt" FROM runs WHERE "projectId" = $1 AND "runKey" = $2`,
        projectId,
        runKey,
      );
      const runId = await upsertRun(tx, projectId, runKey, metadata, now);
      await storeTestFiles(tx, runId, metadata.testFiles ?? []);
      const uploads: IngestUploadSummary[] = [];
      // Files may still be arriving (an upload stored while it is received): each is taken as it comes.
      for await (const file of files) {
        const stored = await storeFile(tx, projectId, runId, file, options.classifier, now);
        uploads.push({ filename: file.filename, ...stored });
      }
      if (uploads.length === 0) throw new IngestError("empty-upload", "No report files in the upload");
      if (previous?.status === "complete" && uploads.every((u) => u.duplicate)) {
        // A retried upload of files the run already has changes nothing: a completed run stays complete.
        await tx.$executeRawUnsafe(`UPDATE runs SET status = 'complete', "completedAt" = $2 WHERE id = $1`, runId, previous.completedAt);
      }
      let completed = options.complete === true;
      if (!completed) {
        const [run] = await tx.$queryRawUnsafe<{ expected: number | null; uploads: number }[]>(
          `SELECT "expectedShards" AS expected, (SELECT count(*)::int FROM uploads WHERE "runId" = $1) AS uploads FROM runs WHERE id = $1`,
          runId,
        );
        completed = run?.expected != null && run.uploads >= run.expected;
      }
      if (completed) await completeRunInTransaction(tx, runId, { classifier: options.classifier, now });
      else await refreshRunFigures(tx, runId);
      return { runId, runKey, uploads, completed };
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
  // Statistics for the embedded database, which has no autovacuum (lib/db/maintenance.ts).
  await afterBulkWrite(prisma);
  return result;
}

/**
 * Session settings for this transaction only (set_config(…, true), as SET LOCAL). work_mem: the fold and the group counts
 * hash or sort about a report's worth of rows, which spills to disk at the default 4 MB. jit off:
 * the batches are many small statements, and compiling each (when the server has JIT on) costs
 * more than it saves. default_toast_compression lz4 where the server has it: a stored value
 * decompresses the same whichever method compressed it, and a 100,000-case upload whose 10,000
 * failures carry 2 KiB traces spent ~80 ms less in its COPYs (per-statement timings, ad hoc).
 * synchronous_commit off: the commit returns before its WAL is flushed; a
 * server crash in that window (well under a second) loses this upload as if it had never arrived
 * — the CLI then sees no answer and retries — but can never leave half of it (docs/decisions.md).
 */
async function tuneIngestTransaction(tx: Db): Promise<void> {
  // One statement; the compression method only where the server was built with lz4 (not PGlite).
  await tx.$executeRawUnsafe(
    `SELECT set_config('work_mem', '64MB', true), set_config('synchronous_commit', 'off', true), set_config('jit', 'off', true),
       (SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))`,
  );
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
