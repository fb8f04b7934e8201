// The rows behind an asynchronous (202) upload: its `ingest` job and the run it names up front.
import type { PrismaClient } from "@/lib/generated/prisma/client";
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

/** Removes a run that holds no upload: the one an ingest job created and then failed to fill. */
export async function deleteRunIfEmpty(prisma: PrismaClient, runId: string): Promise<void> {
  await prisma.run.deleteMany({ where: { id: runId, uploads: { none: {} } } });
}
