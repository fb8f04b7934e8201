// Background jobs with progress in the `jobs` table. They run inside the server process,
// fire-and-forget: the request that queues one answers at once with the job id, and
// GET /api/v1/projects/{slug}/jobs/{id} shows its progress. Jobs of one project run one after
// another (in this process), so two rule changes in a row never reclassify concurrently.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { NotFoundError } from "./errors";

export interface JobView {
  id: string;
  kind: string;
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  total: number;
  error: string | null;
  payload: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export async function getJob(prisma: PrismaClient, projectId: string, jobId: string): Promise<JobView> {
  const job = await prisma.job.findFirst({ where: { id: jobId, projectId } });
  if (!job) throw new NotFoundError("job", `Job "${jobId}" does not exist in this project`);
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    total: job.total,
    error: job.error,
    payload: job.payload,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export interface JobProgress {
  /** Records how far the job got; `total` once known. */
  report(progress: number, total?: number): Promise<void>;
}

/**
 * Runs `work` as job `jobId`: queued → running → done, or failed with the error's message (details
 * go to the log). Never throws: a job's failure is in its row. A job no longer queued when its turn
 * comes (failed meanwhile as interrupted, lib/db/ingest-jobs.ts) is not run. `afterEnd` runs once
 * the outcome is written, whatever it is (cleanup), before anyone waiting for the job is woken.
 */
export async function runJob(
  prisma: PrismaClient,
  jobId: string,
  work: (progress: JobProgress) => Promise<unknown>,
  options: { afterEnd?: () => Promise<void> } = {},
): Promise<void> {
  try {
    const [started] = await prisma.job.updateManyAndReturn({
      where: { id: jobId, status: "queued" },
      data: { status: "running", startedAt: new Date(), error: null },
      select: { id: true },
    });
    if (!started) {
      console.error(`Job ${jobId} was not run: it is no longer queued`);
      return;
    }
    const progress: JobProgress = {
      report: async (value, total) => {
        await prisma.job.update({ where: { id: jobId }, data: { progress: value, ...(total === undefined ? {} : { total }) } });
      },
    };
    const result = await work(progress);
    // The outcome goes beside what queued the job (payload.reason), for the progress view and the
    // log, merged into the payload as it is now (an upload stored while it arrived names its files
    // once they are all in). Written even if the job was failed as interrupted meanwhile: what it
    // stored is there.
    const outcome = result === undefined ? {} : { result: JSON.parse(JSON.stringify(result)) as object };
    await prisma.$executeRawUnsafe(
      `UPDATE jobs SET status = 'done', "finishedAt" = $2, error = NULL, payload = payload || $3::jsonb WHERE id = $1`,
      jobId,
      new Date(),
      JSON.stringify(outcome),
    );
  } catch (error) {
    console.error(`Job ${jobId} failed`, error);
    await prisma.job
      .update({ where: { id: jobId }, data: { status: "failed", finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) } })
      .catch((updateError: unknown) => console.error(`Job ${jobId}: recording the failure failed`, updateError));
  } finally {
    await options.afterEnd?.().catch((error: unknown) => console.error(`Job ${jobId}: its cleanup failed`, error));
    for (const wake of ended.get(jobId) ?? []) wake();
    ended.delete(jobId);
  }
}

const globalForEnds = globalThis as unknown as { greenboardJobEnds?: Map<string, Set<() => void>> };
// Who waits for which job of this process to end (its row written): GET /api/v1/jobs/{id}?wait=.
const ended = (globalForEnds.greenboardJobEnds ??= new Map<string, Set<() => void>>());

/**
 * Resolves when this process's runJob has finished job `jobId` (its final row written), after
 * `ms`, or when `signal` aborts, whichever comes first. A job another server process runs never
 * wakes it: callers re-read the row at least every few seconds.
 */
export function whenJobEnds(jobId: string, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const waiters = ended.get(jobId) ?? new Set<() => void>();
    ended.set(jobId, waiters);
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      waiters.delete(done);
      if (waiters.size === 0 && ended.get(jobId) === waiters) ended.delete(jobId);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    waiters.add(done);
    if (signal?.aborted) done();
    else signal?.addEventListener("abort", done, { once: true });
  });
}

const globalForJobs = globalThis as unknown as { greenboardJobChains?: Map<string, Promise<void>> };
const chains = (globalForJobs.greenboardJobChains ??= new Map<string, Promise<void>>());

/**
 * Starts `run` after the project's previous job, without waiting for it. The chain never
 * rejects (runJob records failures in the row).
 */
export function startJobInBackground(projectId: string, run: () => Promise<void>): void {
  const previous = chains.get(projectId) ?? Promise.resolve();
  const next = previous.then(run).catch((error: unknown) => console.error("Background job failed", error));
  chains.set(projectId, next);
  void next.finally(() => {
    if (chains.get(projectId) === next) chains.delete(projectId);
  });
}

const globalForAside = globalThis as unknown as { greenboardWorkAside?: Set<Promise<unknown>> };
const aside = (globalForAside.greenboardWorkAside ??= new Set<Promise<unknown>>());

/**
 * Work a job left to finish outside its project's chain (its cleanup waiting for a request still
 * receiving the upload, lib/api/async-upload.ts): settleBackgroundJobs waits for it too.
 */
export function trackAside(work: Promise<unknown>): void {
  aside.add(work);
  void work.finally(() => aside.delete(work)).catch(() => undefined);
}

/** Resolves once every job started so far has finished, cleanup included (tests; a graceful shutdown). */
export async function settleBackgroundJobs(): Promise<void> {
  while (chains.size > 0 || aside.size > 0) await Promise.allSettled([...chains.values(), ...aside]);
}
