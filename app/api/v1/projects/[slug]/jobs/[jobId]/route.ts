// GET /api/v1/projects/{slug}/jobs/{jobId} – a background job's status and progress (e.g. reclassification after a rule change).
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { getJob } from "@/lib/db/jobs";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string; jobId: string }> }) => {
  const { slug, jobId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "viewer");
  const prisma = await getPrisma();
  return Response.json({ job: await getJob(prisma, access.projectId, jobId) });
});
