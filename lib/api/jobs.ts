// GET /api/v1/jobs/{id}: an upload token reads the status of its project's background ingestion.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { getJob, whenJobEnds, type JobView } from "@/lib/db/jobs";
import { NotFoundError } from "@/lib/db/errors";
import { authenticateProjectToken } from "./auth";
import { searchParamsOf } from "./json";
import { JobStatusQuery } from "./schemas";
import { ApiError } from "./errors";
import { baseUrlFor, getRunResponse, type RunResponse, type UploadRunResponse } from "./runs";

export interface JobStatusResponse {
  job: {
    id: string;
    kind: string;
    status: "queued" | "running" | "done" | "failed";
    statusUrl: string;
    progress: number;
    total: number;
    error: string | null;
    createdAt: string;
    startedAt: string | null;
    finishedAt: string | null;
  };
  run: RunResponse | null;
  uploads?: UploadRunResponse["uploads"];
}

// While a long poll waits, the row is read again this often: a job another server process runs
// (several behind one database) wakes no one here.
const REREAD_MS = 2000;

const unfinished = (job: JobView) => job.status === "queued" || job.status === "running";

/**
 * The job's status. With `?wait=S` the answer is held while the job is queued or running, for at
 * most S seconds, and comes as soon as it ends: a CI client learns the outcome at once without
 * asking every fraction of a second. A client that hangs up ends the wait.
 */
export async function getJobForToken(prisma: PrismaClient, request: Request, jobId: string, options: { publicUrl?: string }): Promise<JobStatusResponse> {
  const auth = await authenticateProjectToken(prisma, request);
  const { wait = 0 } = JobStatusQuery.parse(searchParamsOf(request));
  const read = () =>
    getJob(prisma, auth.projectId, jobId).catch((error: unknown) => {
      // Another project's job is a 404 like an unknown one: ids are not revealed.
      if (error instanceof NotFoundError) throw new ApiError("not_found", `Job "${jobId}" does not exist in project "${auth.projectSlug}"`);
      throw error;
    });
  let job = await read();
  const deadline = Date.now() + wait * 1000;
  while (unfinished(job) && Date.now() < deadline && !request.signal.aborted) {
    const stop = new AbortController();
    const woken = whenJobEnds(job.id, Math.min(REREAD_MS, deadline - Date.now()), AbortSignal.any([request.signal, stop.signal]));
    // Read once more after subscribing: a job that ended just before is seen now, not at the next re-read.
    job = await read();
    if (!unfinished(job)) stop.abort();
    await woken;
    if (unfinished(job)) job = await read();
  }
  const baseUrl = baseUrlFor(request, options.publicUrl);
  const payload = (job.payload ?? {}) as { runId?: string; result?: { uploads?: UploadRunResponse["uploads"] } };
  // The run is gone when a failed job removed the empty run it had created.
  const runExists = payload.runId ? (await prisma.run.count({ where: { id: payload.runId } })) > 0 : false;
  return {
    job: {
      id: job.id,
      kind: job.kind,
      status: job.status,
      statusUrl: `${baseUrl}/api/v1/jobs/${encodeURIComponent(job.id)}`,
      progress: job.progress,
      total: job.total,
      error: job.error,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    },
    run: payload.runId && runExists ? await getRunResponse(prisma, payload.runId, auth.projectSlug, baseUrl) : null,
    ...(payload.result?.uploads ? { uploads: payload.result.uploads } : {}),
  };
}
