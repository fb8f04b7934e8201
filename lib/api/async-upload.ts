// Uploads above GREENBOARD_ASYNC_BYTES: answered 202 once the files are on disk, ingested by a
// background job in this server process. The job owns the spooled directory and deletes it.
import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createIngestJob, deleteRunIfEmpty, ensureRun, keepIngestJobAlive } from "@/lib/db/ingest-jobs";
import { runJob, startJobInBackground } from "@/lib/db/jobs";
import { ingest, type Classifier, type RunMetadata } from "@/lib/ingest";
import { publishRunUpdated } from "@/lib/live/publish";
import type { ReceivedFile } from "./upload";

export interface BackgroundIngest {
  projectId: string;
  runKey: string;
  metadata: RunMetadata;
  completed?: boolean;
  files: ReceivedFile[];
  /** The spooled upload; deleted when the job ends, whatever its outcome. */
  dir: string;
  classifier: Classifier;
}

// Progress writes are not awaited by the reading stream: one a second is plenty for a status page.
const PROGRESS_INTERVAL_MS = 1000;

async function* counted(file: ReceivedFile, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) {
    onBytes((chunk as Buffer).byteLength);
    yield chunk as Buffer;
  }
}

/**
 * Creates the run it will store into and the job to poll, and returns them with `start`, which
 * queues the ingestion. The caller answers from the database first and then calls `start` (in a
 * `finally`: the job must run, if only to clean up). On the embedded database the ingestion's
 * transaction holds the one connection until it is done, so queued first, the 202 would wait for it.
 */
export async function ingestInBackground(prisma: PrismaClient, work: BackgroundIngest): Promise<{ runId: string; jobId: string; start: () => void }> {
  let created = false;
  let runId: string;
  let jobId: string;
  try {
    const run = await ensureRun(prisma, work.projectId, work.runKey, work.metadata);
    ({ id: runId, created } = run);
    const total = work.files.reduce((sum, file) => sum + file.size, 0);
    const job = await createIngestJob(prisma, work.projectId, total, { runId, runKey: work.runKey, files: work.files.map((f) => f.filename) });
    jobId = job.id;
  } catch (error) {
    await rm(work.dir, { recursive: true, force: true });
    throw error;
  }
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    // From now until the job has finished (its row was created with a fresh heartbeat): on
    // PostgreSQL, a job whose heartbeat stops is taken for one a stopped server left behind
    // (failInterruptedIngestJobs) — as is one never started here.
    const release = keepIngestJobAlive(prisma, jobId);
    queue(release);
  };
  const queue = (release: () => void) => startJobInBackground(work.projectId, async () => {
    // Once the outcome is written and before a long poll is answered: the spool goes, and a failed
    // job must leave nothing behind, not even the empty run created for the 202.
    const afterEnd = async () => {
      release();
      await rm(work.dir, { recursive: true, force: true });
      if (created) await deleteRunIfEmpty(prisma, runId);
    };
    try {
      await runJob(prisma, jobId, async (progress) => {
        let read = 0;
        let reportedAt = 0;
        const onBytes = (n: number) => {
          read += n;
          if (Date.now() - reportedAt < PROGRESS_INTERVAL_MS) return;
          reportedAt = Date.now();
          progress.report(read).catch(() => undefined);
        };
        const result = await ingest(
          prisma,
          {
            projectId: work.projectId,
            runKey: work.runKey,
            metadata: work.metadata,
            files: work.files.map((file) => ({ filename: file.filename, source: counted(file, onBytes), sha256: file.sha256 })),
            completed: work.completed,
          },
          { classifier: work.classifier },
        );
        await progress.report(read);
        return { uploads: result.uploads.map((u) => ({ filename: u.filename, sha256: u.sha256, duplicate: u.duplicate, tests: u.tests, notes: u.notes })) };
      }, { afterEnd });
    } finally {
      await publishRunUpdated(prisma, runId).catch(() => undefined);
    }
  });
  return { runId, jobId, start };
}
