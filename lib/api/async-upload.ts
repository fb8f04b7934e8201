// Uploads above GREENBOARD_ASYNC_BYTES: answered 202 once the files are on disk, ingested by a
// background job in this server process. The job owns the spooled directory and deletes it.
import { rm } from "node:fs/promises";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createIngestJob, deleteRunIfEmpty, ensureRun, keepIngestJobAlive } from "@/lib/db/ingest-jobs";
import { runJob, startJobInBackground, trackAside } from "@/lib/db/jobs";
import { ingest, type Classifier, type RunMetadata, type UploadFile } from "@/lib/ingest";
import { publishRunUpdated } from "@/lib/live/publish";
import { Notices, readGrowingFile, type FileGrowth } from "./growing-file";
import { readSpoolFile, type ReceivedFile } from "./upload";

export interface BackgroundIngest {
  projectId: string;
  runKey: string;
  metadata: RunMetadata;
  completed?: boolean;
  /** The received files, or — for an upload stored while it arrives — each as it starts to arrive. */
  files: ReceivedFile[] | ArrivingFiles;
  /** The spooled upload; deleted when the job ends, whatever its outcome (and not before `received`). */
  dir: string;
  /**
   * Settles once the request is done with the upload: nothing writes into `dir` any more and the
   * answer naming the run has been read (default: already). The job's cleanup waits for it.
   */
  received?: Promise<unknown>;
  /** Bytes of all files, as far as known (the job's progress total; updated once received). */
  totalBytes: number;
  classifier: Classifier;
}

/**
 * The files of an upload still being received, each handed out as soon as it starts to be
 * spooled (with what reads it while it grows); ends when the upload is received, or fails with
 * the upload's error.
 */
export class ArrivingFiles implements AsyncIterable<{ file: ReceivedFile; growth: FileGrowth }> {
  private readonly items: { file: ReceivedFile; growth: FileGrowth }[] = [];
  private ended = false;
  private failure: { error: unknown } | null = null;
  private readonly notices = new Notices();

  push(file: ReceivedFile, growth: FileGrowth): void {
    this.items.push({ file, growth });
    this.notices.notify();
  }

  end(): void {
    this.ended = true;
    this.notices.notify();
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    // Whoever reads a file still arriving gets the upload's error too.
    for (const { growth } of this.items) growth.failed(error);
    this.notices.notify();
  }

  get names(): string[] {
    return this.items.map(({ file }) => file.filename);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<{ file: ReceivedFile; growth: FileGrowth }> {
    for (let next = 0; ; ) {
      const version = this.notices.version;
      if (this.failure) throw this.failure.error;
      if (next < this.items.length) yield this.items[next++]!;
      else if (this.ended) return;
      else await this.notices.changedSince(version);
    }
  }
}

// Progress writes are not awaited by the reading stream: one a second is plenty for a status page.
const PROGRESS_INTERVAL_MS = 1000;

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}

/** The job's files as lib/ingest takes them: spooled ones read from disk, arriving ones as they grow. */
function uploadFiles(files: BackgroundIngest["files"], onBytes: (n: number) => void): UploadFile[] | AsyncIterable<UploadFile> {
  if (Array.isArray(files)) {
    return files.map((file) => ({
      filename: file.filename,
      source: counted(readSpoolFile(file.path), onBytes),
      sha256: file.sha256,
    }));
  }
  return (async function* () {
    // Hashed as they arrive: the hash is there once the file has been read to its end.
    for await (const { file, growth } of files) {
      const sha256 = () => {
        if (!file.sha256) throw new Error(`${file.filename} was not read to its end`);
        return file.sha256;
      };
      yield { filename: file.filename, source: counted(readGrowingFile(file.path, growth), onBytes), sha256 };
    }
  })();
}

/**
 * Creates the run it will store into and the job to poll, and returns them with `start`, which
 * queues the ingestion. The caller answers from the database first and then calls `start` (in a
 * `finally`: the job must run, if only to clean up). On the embedded database the ingestion's
 * transaction holds the one connection until it is done, so queued first, the 202 would wait for it.
 */
export async function ingestInBackground(
  prisma: PrismaClient,
  work: BackgroundIngest,
): Promise<{ runId: string; jobId: string; start: () => void; ended: Promise<void> }> {
  // Not while the request still writes into it or is about to answer with the run.
  const removeSpool = async () => {
    await work.received?.catch(() => undefined);
    await rm(work.dir, { recursive: true, force: true, maxRetries: 3 });
  };
  let receivedAll = work.received === undefined;
  void work.received?.finally(() => (receivedAll = true)).catch(() => undefined);
  let created = false;
  let runId: string;
  let jobId: string;
  try {
    const run = await ensureRun(prisma, work.projectId, work.runKey, work.metadata);
    ({ id: runId, created } = run);
    const files = Array.isArray(work.files) ? work.files.map((f) => f.filename) : work.files.names;
    const job = await createIngestJob(prisma, work.projectId, work.totalBytes, { runId, runKey: work.runKey, files });
    jobId = job.id;
  } catch (error) {
    // The database failed midway (a 503 follows): what was made goes, as far as it can.
    void removeSpool().catch(() => undefined);
    if (created) void deleteRunIfEmpty(prisma, runId!).catch(() => undefined);
    throw error;
  }
  let started = false;
  let settleEnded!: () => void;
  // Once started: when the job's outcome is written and its cleanup done.
  const ended = new Promise<void>((resolve) => (settleEnded = resolve));
  let cleaned: Promise<void> = Promise.resolve();
  let stored = false;
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
      cleaned = (async () => {
        await removeSpool();
        if (created) await deleteRunIfEmpty(prisma, runId);
      })().catch((error: unknown) => console.error(`Job ${jobId}: its cleanup failed`, error));
      // A job of an upload stored while it arrives that failed early: its request may still be
      // receiving the body; the project's next jobs do not wait for that, only `ended` does. (A
      // job that stored its upload had every file: its request is only building the answer.)
      if (receivedAll || stored) await cleaned;
      else trackAside(cleaned);
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
            files: uploadFiles(work.files, onBytes),
            completed: work.completed,
          },
          { classifier: work.classifier },
        );
        await progress.report(read);
        stored = true;
        return { uploads: result.uploads.map((u) => ({ filename: u.filename, sha256: u.sha256, duplicate: u.duplicate, tests: u.tests, notes: u.notes })) };
      }, { afterEnd });
    } finally {
      void cleaned.then(settleEnded);
      await publishRunUpdated(prisma, runId).catch(() => undefined);
    }
  });
  return { runId, jobId, start, ended };
}
