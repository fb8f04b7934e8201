// The rows behind an asynchronous (202) upload: its `ingest` job and the run it names up front.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { lockProjectWrites } from "./project-lock";
import type { RunMetadata } from "@/lib/ingest";

export interface IngestJobPayload {
  runId: string;
  runKey: string;
  files: string[];
}

/** The job row of an asynchronous upload, with its first heartbeat (one transaction: never a job without one). */
export async function createIngestJob(prisma: PrismaClient, projectId: string, totalBytes: number, payload: IngestJobPayload) {
  return prisma.$transaction(async (tx) => {
    const job = await tx.job.create({ data: { projectId, kind: "ingest", status: "queued", total: totalBytes, payload: { ...payload } } });
    await tx.$executeRawUnsafe(`UPDATE jobs SET "heartbeatAt" = ${DB_NOW} WHERE id = $1`, job.id);
    return job;
  });
}

/**
 * An upload stored while it arrived (lib/api/runs.ts): once the body is in, its job's progress
 * total becomes the bytes actually received and its payload names every file, not only those
 * known when the job was made. Returns the job's status.
 */
export async function setIngestJobFiles(prisma: PrismaClient, jobId: string, totalBytes: number, files: string[]): Promise<"queued" | "running" | "done" | "failed"> {
  const [row] = await prisma.$queryRawUnsafe<{ status: "queued" | "running" | "done" | "failed" }[]>(
    `UPDATE jobs SET total = $2, payload = jsonb_set(payload, '{files}', $3::jsonb) WHERE id = $1 RETURNING status::text AS status`,
    jobId,
    totalBytes,
    JSON.stringify(files),
  );
  if (!row) throw new Error(`ingest job ${jobId} is gone`);
  return row.status;
}

// Heartbeats are written and judged by the database's clock, not each server process's: processes
// sharing a database need not agree on the time. UTC, as Prisma stores DateTime columns.
const DB_NOW = `(now() AT TIME ZONE 'UTC')`;

/** How often a server process refreshes the heartbeat of the ingest jobs it holds. */
export const JOB_HEARTBEAT_MS = 30_000;
/**
 * A queued or running ingest job whose heartbeat is older than this (ten missed beats) belongs to a
 * server process that is gone. Generous: a beat waits for a pooled connection like any query.
 */
export const JOB_HEARTBEAT_STALE_MS = 5 * 60_000;

interface Heartbeats {
  jobs: Map<PrismaClient, Set<string>>;
  timer: NodeJS.Timeout | null;
  beating: Promise<void> | null;
}
const globalForHeartbeats = globalThis as unknown as { greenboardJobHeartbeats?: Heartbeats };
const heartbeats = (globalForHeartbeats.greenboardJobHeartbeats ??= { jobs: new Map(), timer: null, beating: null });

/**
 * Keeps job `jobId`'s heartbeat fresh (every JOB_HEARTBEAT_MS) until the returned function is
 * called: from the moment this process queues an ingest job until it has finished with it.
 */
export function keepIngestJobAlive(prisma: PrismaClient, jobId: string): () => void {
  const ids = heartbeats.jobs.get(prisma) ?? new Set<string>();
  heartbeats.jobs.set(prisma, ids);
  ids.add(jobId);
  if (!heartbeats.timer) {
    heartbeats.timer = setInterval(() => void beatIngestJobs(), JOB_HEARTBEAT_MS);
    heartbeats.timer.unref();
  }
  return () => {
    ids.delete(jobId);
    if (ids.size === 0 && heartbeats.jobs.get(prisma) === ids) heartbeats.jobs.delete(prisma);
    if (heartbeats.jobs.size === 0 && heartbeats.timer) {
      clearInterval(heartbeats.timer);
      heartbeats.timer = null;
    }
  };
}

/**
 * One beat: refreshes the heartbeat of every job this process holds. A beat still waiting for
 * the database (the embedded one is busy for the whole of an ingestion) is not doubled.
 */
export function beatIngestJobs(): Promise<void> {
  heartbeats.beating ??= (async () => {
    try {
      for (const [prisma, held] of [...heartbeats.jobs]) {
        const ids = [...held];
        if (ids.length === 0) continue;
        await prisma
          .$executeRawUnsafe(
            `UPDATE jobs SET "heartbeatAt" = ${DB_NOW} WHERE status IN ('queued', 'running') AND id IN (${ids.map((_, i) => `$${i + 1}`).join(", ")})`,
            ...ids,
          )
          .catch((error: unknown) => console.error("Refreshing ingest jobs' heartbeats failed", error));
      }
    } finally {
      heartbeats.beating = null;
    }
  })();
  return heartbeats.beating;
}

/** The run an ingest job will store into, created empty when new so the 202 can name it. */
export async function ensureRun(prisma: PrismaClient, projectId: string, runKey: string, metadata: RunMetadata): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.run.findUnique({ where: { projectId_runKey: { projectId, runKey } }, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const run = await prisma.run.upsert({
    where: { projectId_runKey: { projectId, runKey } },
    create: {
      projectId,
      runKey,
      branch: metadata.branch ?? null,
      commitSha: metadata.commitSha ?? null,
      ciUrl: metadata.ciUrl ?? null,
      labels: metadata.labels ?? {},
      expectedShards: metadata.expectedShards ?? null,
      ...(metadata.startedAt ? { startedAt: metadata.startedAt } : {}),
    },
    update: {},
    select: { id: true },
  });
  return { id: run.id, created: true };
}

/**
 * Removes a run that holds no upload: the one an ingest job created and then failed to fill. Its
 * results (none are expected) go too, explicitly: results carry no foreign keys (docs/decisions.md).
 * A run another unfinished ingest job will store into (a retry with the same run key, queued)
 * stays: that job would otherwise make a new run under a new id, and its 202's links would break.
 */
export async function deleteRunIfEmpty(prisma: PrismaClient, runId: string): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      // The project's write lock first, and the uploads counted after it: an upload filling the run
      // after all is waited for, then seen.
      const [run] = await tx.$queryRawUnsafe<{ projectId: string }[]>(`SELECT "projectId" FROM runs WHERE id = $1`, runId);
      if (!run) return;
      await lockProjectWrites(tx, run.projectId);
      const locked = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM runs WHERE id = $1 FOR UPDATE`, runId);
      if (locked.length === 0 || (await tx.upload.count({ where: { runId } })) > 0) return;
      const awaited = await tx.$queryRawUnsafe<unknown[]>(
        `SELECT 1 FROM jobs WHERE kind = 'ingest' AND status IN ('queued', 'running') AND payload->>'runId' = $1 LIMIT 1`,
        runId,
      );
      if (awaited.length > 0) return;
      await tx.$executeRawUnsafe(`DELETE FROM results WHERE "runId" = $1`, runId);
      await tx.run.delete({ where: { id: runId } });
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

/**
 * How long a running ingest job can last: its transaction's timeout (10 minutes, lib/ingest), its
 * wait for the connection, and a margin. A job still "running" after that belongs to a server
 * process that is gone.
 */
export const INGEST_JOB_MAX_MS = 15 * 60_000;

export const INTERRUPTED_JOB_ERROR = "Interrupted: the server stopped before this upload was stored. Nothing of it was kept; upload the reports again.";

/**
 * Fails the ingest jobs a server process left unfinished when it stopped (a restart, a crash),
 * and removes the empty runs their 202s had created — left open, the idle-run completion would
 * later close such a run and count every test of the project missing in it. Their transactions
 * rolled back with the process, so nothing else of them is stored. A job counts as interrupted when
 * it has been running for longer than INGEST_JOB_MAX_MS; or — with `unfinishedBefore`, for the
 * embedded database, which only one process can open — when it was created before this process
 * started and is not finished; or — with `heartbeatStaleMs`, for PostgreSQL, which several
 * processes may share — when it is unfinished and its heartbeat (keepIngestJobAlive) is older than
 * that by the database's clock. Not on the embedded database: there a beat waits behind the ingestion that holds the
 * database, and could come after this check. Returns the jobs it failed.
 */
export async function failInterruptedIngestJobs(
  prisma: PrismaClient,
  options: { now?: Date; unfinishedBefore?: Date | null; heartbeatStaleMs?: number | null } = {},
): Promise<string[]> {
  const now = options.now ?? new Date();
  const stale = { kind: "ingest", status: "running" as const, startedAt: { lt: new Date(now.getTime() - INGEST_JOB_MAX_MS) } };
  const orphaned = options.unfinishedBefore ? { kind: "ingest", status: { in: ["queued" as const, "running" as const] }, createdAt: { lt: options.unfinishedBefore } } : null;
  const jobs = await prisma.job.findMany({ where: { OR: orphaned ? [stale, orphaned] : [stale] }, select: { id: true, payload: true } });
  if (options.heartbeatStaleMs) {
    // A job without a heartbeat was queued by a version before heartbeats: only the rule above.
    const silent = await prisma.$queryRawUnsafe<{ id: string; payload: unknown }[]>(
      `SELECT id, payload FROM jobs WHERE kind = 'ingest' AND status IN ('queued', 'running')
         AND "heartbeatAt" < ${DB_NOW} - make_interval(secs => $1::float8 / 1000)`,
      options.heartbeatStaleMs,
    );
    for (const job of silent) if (!jobs.some((j) => j.id === job.id)) jobs.push(job as (typeof jobs)[number]);
  }
  const failed: string[] = [];
  for (const job of jobs) {
    // Only if still unfinished: a job finishing right now keeps its own outcome.
    const { count } = await prisma.job.updateMany({
      where: { id: job.id, status: { in: ["queued", "running"] } },
      data: { status: "failed", error: INTERRUPTED_JOB_ERROR, finishedAt: now },
    });
    if (count === 0) continue;
    failed.push(job.id);
    const runId = (job.payload as Partial<IngestJobPayload> | null)?.runId;
    // Should this fail, the empty run stays open; idle completion leaves runs without uploads alone.
    if (typeof runId === "string") await deleteRunIfEmpty(prisma, runId).catch((error: unknown) => console.error(`Job ${job.id}: removing its empty run failed`, error));
  }
  return failed;
}
