// GET /api/v1/projects/{slug}/jobs/{jobId} – a background job's status and progress (e.g. reclassification after a rule change).
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { getJob } from "@/lib/db/jobs";
import { getProjectIdOrThrow } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (_request: Request, context: { params: Promise<{ slug: string; jobId: string }> }) => {
  const { slug, jobId } = await context.params;
  const prisma = await getPrisma();
  return Response.json({ job: await getJob(prisma, await getProjectIdOrThrow(prisma, slug), jobId) });
});
