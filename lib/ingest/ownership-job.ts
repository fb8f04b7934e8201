// The `ownership` job: after a change to teams, ownership rules or a manual assignment, every
// failure group not assigned by hand gets the owner the rules decide now, and every run of the
// project gets fresh team rollups (team scope and burndown depend on both). Progress counts groups
// looked at, then runs refreshed.
import { runJob } from "@/lib/db/jobs";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { refreshRunRollups } from "./run-figures";
import { loadOwnershipRulebook, reassignGroups } from "./team-ownership";

export interface OwnershipRecomputeSummary {
  groupsExamined: number;
  groupsReassigned: number;
  runsRefreshed: number;
}

/**
 * Runs ownership job `jobId` unless it has already been started: a queued job is reused by the
 * changes that follow it (lib/db/ownership.ts), so the same id may be started more than once.
 */
export async function runOwnershipJob(prisma: PrismaClient, jobId: string, options: { now?: Date } = {}): Promise<void> {
  const job = await prisma.job.findUnique({ where: { id: jobId }, select: { status: true, projectId: true } });
  if (!job || job.status !== "queued") return;
  const projectId = job.projectId;
  await runJob(prisma, jobId, async (progress) => {
    if (!projectId) throw new Error("An ownership job needs a project");
    return recomputeOwnership(prisma, projectId, { now: options.now, onProgress: (done, total) => progress.report(done, total) });
  });
}

export async function recomputeOwnership(
  prisma: PrismaClient,
  projectId: string,
  options: { now?: Date; onProgress?: (done: number, total: number) => Promise<void>; batchSize?: number } = {},
): Promise<OwnershipRecomputeSummary> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  // Read once: a change made while the job runs queues another job, which applies it.
  const rulebook = await loadOwnershipRulebook(prisma, projectId);
  const groups = await prisma.failureGroup.findMany({ where: { projectId, assignedManually: false }, select: { id: true }, orderBy: { id: "asc" } });
  const runs = await prisma.run.findMany({ where: { projectId }, select: { id: true }, orderBy: { startedAt: "asc" } });
  const total = groups.length + runs.length;
  const summary: OwnershipRecomputeSummary = { groupsExamined: 0, groupsReassigned: 0, runsRefreshed: 0 };
  await options.onProgress?.(0, total);
  for (let start = 0; start < groups.length; start += batchSize) {
    const ids = groups.slice(start, start + batchSize).map((g) => g.id);
    const done = await prisma.$transaction((tx) => reassignGroups(tx, projectId, ids, rulebook, now), { timeout: 300_000, maxWait: 60_000 });
    summary.groupsExamined += done.examined;
    summary.groupsReassigned += done.reassigned;
    await options.onProgress?.(start + ids.length, total);
  }
  const runBatch = 20;
  for (let start = 0; start < runs.length; start += runBatch) {
    const batch = runs.slice(start, start + runBatch);
    await prisma.$transaction(
      async (tx) => {
        for (const run of batch) await refreshRunRollups(tx, run.id, rulebook);
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
    summary.runsRefreshed += batch.length;
    await options.onProgress?.(groups.length + start + batch.length, total);
  }
  return summary;
}
