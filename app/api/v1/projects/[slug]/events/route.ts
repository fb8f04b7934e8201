// GET /api/v1/projects/{slug}/events – server-sent events: `run.updated` whenever an upload lands or a run completes.
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { getProjectIdOrThrow } from "@/lib/db/triage";
import { projectEventStream } from "@/lib/live/stream";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const projectId = await getProjectIdOrThrow(await getPrisma(), slug);
  return projectEventStream(projectId, request.signal);
});
