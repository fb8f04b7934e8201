// Live updates: the one place that tells open dashboards a project's runs changed (issue 6).
import { getCache } from "@/lib/cache";
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** One channel per project; several app instances share it through Redis pub/sub. */
export function projectChannel(projectId: string): string {
  return `project:${projectId}`;
}

export type LiveEvent = { type: "run.updated"; runId: string; status: "open" | "complete" } | { type: "run.deleted"; runId: string };

/** The overview route's short-lived cache keys a change to this run can make stale. */
function overviewCacheKeys(slug: string, branches: (string | null)[]): string[] {
  return [...new Set(["", ...branches.filter((b): b is string => b !== null)])].map((branch) => `overview:${slug}:${branch}`);
}

/**
 * Drops the project's cached overviews, then publishes the event. Best effort: a failed publish is
 * logged and never fails the upload or completion that triggered it.
 */
export async function publishProjectEvent(
  project: { id: string; slug: string; defaultBranch: string },
  event: LiveEvent,
  branch: string | null = null,
): Promise<void> {
  try {
    const cache = getCache();
    await Promise.all(overviewCacheKeys(project.slug, [branch, project.defaultBranch]).map((key) => cache.delete(key)));
    await cache.publish(projectChannel(project.id), event);
  } catch (error) {
    console.error("Publishing a live update failed", event, error);
  }
}

/** After an upload landed or a run completed: reads the run's current status and publishes `run.updated`. */
export async function publishRunUpdated(prisma: PrismaClient, runId: string): Promise<void> {
  try {
    const run = await prisma.run.findUnique({
      where: { id: runId },
      select: { id: true, status: true, branch: true, project: { select: { id: true, slug: true, defaultBranch: true } } },
    });
    if (!run) return;
    await publishProjectEvent(run.project, { type: "run.updated", runId: run.id, status: run.status }, run.branch);
  } catch (error) {
    console.error("Publishing a live update failed", runId, error);
  }
}
