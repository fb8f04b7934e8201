// The teams and ownership API: a change that can move failure groups between teams queues an
// `ownership` job (reassignment and team rollups) and starts it in the background; the response
// carries the job so the caller can follow its progress.
import { startJobInBackground } from "@/lib/db/jobs";
import type { OwnershipChange } from "@/lib/db/ownership";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { runOwnershipJob } from "@/lib/ingest/ownership-job";

export interface QueuedOwnershipJob {
  id: string;
  kind: "ownership";
}

/** Starts the job a change queued, if any (fire-and-forget), and returns the change with it. */
export function startOwnershipJob(prisma: PrismaClient, projectId: string, jobId: string | null): QueuedOwnershipJob | null {
  if (jobId === null) return null;
  startJobInBackground(projectId, () => runOwnershipJob(prisma, jobId));
  return { id: jobId, kind: "ownership" };
}

export async function startOwnershipChange<T>(prisma: PrismaClient, projectId: string, change: Promise<OwnershipChange<T>>): Promise<{ value: T; job: QueuedOwnershipJob | null }> {
  const { value, jobId } = await change;
  return { value, job: startOwnershipJob(prisma, projectId, jobId) };
}
