// GET /api/v1/projects/{slug}/events – server-sent events: `run.updated` whenever an upload lands or a run completes.
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { projectEventStream } from "@/lib/live/stream";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "viewer");
  const projectId = access.projectId;
  return projectEventStream(projectId, request.signal);
});
