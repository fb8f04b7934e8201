// The rows behind an asynchronous (202) upload: its `ingest` job and the run it names up front.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { lockProjectWrites } from "./project-lock";
import type { RunMetadata } from "@/lib/ingest";

export interface IngestJobPayload {
  runId: string;
  runKey: string;
  files: string[];
}

export async function createIngestJob(prisma: PrismaClient, projectId: string, totalBytes: number, payload: IngestJobPayload) {
  return prisma.job.create({ data: { projectId, kind: "ingest", status: "queued", total: totalBytes, payload: { ...payload } } });
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
      await tx.$executeRawUnsafe(`DELETE FROM results WHERE "runId" = $1`, runId);
      await tx.run.delete({ where: { id: runId } });
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}
