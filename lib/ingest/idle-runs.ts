// The server's background loop that completes runs nobody closed: uploaders that crashed,
// CI jobs that never sent `completed=true`, shards that never all arrived.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { failInterruptedIngestJobs, JOB_HEARTBEAT_STALE_MS } from "@/lib/db/ingest-jobs";
import { publishRunUpdated } from "@/lib/live/publish";
import type { Classifier } from "./classifier";
import { completeIdleRuns } from "./complete-run";

export interface IdleRunPassOptions {
  /** Overrides each project's own rulebook (loaded per project when absent). */
  classifier?: Classifier;
  now?: Date;
  log?: Pick<Console, "error" | "info">;
  /** Ingest jobs unfinished and created before this are interrupted (failInterruptedIngestJobs): the embedded database. */
  unfinishedJobsBefore?: Date | null;
  /** Ingest jobs unfinished with a heartbeat older than this many ms are interrupted: PostgreSQL. */
  heartbeatStaleMs?: number | null;
}

/**
 * One pass: fails the ingest jobs a stopped server left behind (and removes their empty runs),
 * then completes every idle run; never throws (a failed pass is logged and retried next time).
 */
export async function completeIdleRunsOnce(getPrisma: () => Promise<PrismaClient>, options: IdleRunPassOptions): Promise<string[]> {
  const log = options.log ?? console;
  try {
    const prisma = await getPrisma();
    const interrupted = await failInterruptedIngestJobs(prisma, {
      now: options.now,
      unfinishedBefore: options.unfinishedJobsBefore,
      heartbeatStaleMs: options.heartbeatStaleMs,
    });
    if (interrupted.length > 0) log.info(`Failed ${interrupted.length} ingest job(s) a stopped server left unfinished: ${interrupted.join(", ")}`);
    const completed = await completeIdleRuns(prisma, { classifier: options.classifier, now: options.now });
    if (completed.length > 0) log.info(`Completed ${completed.length} idle run(s): ${completed.join(", ")}`);
    for (const runId of completed) await publishRunUpdated(prisma, runId);
    return completed;
  } catch (error) {
    log.error("Completing idle runs failed", error);
    return [];
  }
}

export interface IdleRunCompletionOptions {
  intervalMs: number;
  getPrisma?: () => Promise<PrismaClient>;
  /** Whether the database is the embedded one, which only this process can have open. */
  isEmbedded?: () => Promise<boolean>;
  classifier?: Classifier;
  log?: Pick<Console, "error" | "info">;
}

/**
 * Runs a pass every `intervalMs`, never two at once (a slow pass delays the next one). The timer
 * is unref'd so it never keeps a process alive. Returns a stop function.
 */
export function startIdleRunCompletion(options: IdleRunCompletionOptions): () => void {
  // The app's database module is loaded on the first tick, not at import: the server opens the
  // embedded database on first use only (lib/db/client.ts).
  const getPrisma = options.getPrisma ?? (async () => (await import("@/lib/db/client")).getPrisma());
  const isEmbedded = options.isEmbedded ?? (async () => (await (await import("@/lib/db/client")).getDatabase()).target.kind === "pglite");
  // On the embedded database every job created before this process started is one it cannot be running.
  const startedAt = new Date();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      // Unknown (the database cannot be reached): neither rule; the pass fails and is logged anyway.
      const embedded = await isEmbedded().catch(() => null);
      await completeIdleRunsOnce(getPrisma, {
        classifier: options.classifier,
        log: options.log,
        unfinishedJobsBefore: embedded === true ? startedAt : null,
        heartbeatStaleMs: embedded === false ? JOB_HEARTBEAT_STALE_MS : null,
      });
      schedule();
    }, options.intervalMs);
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
