// POST /api/v1/projects/{slug}/uploads – the dashboard's browser upload: same-origin, no token
// (until accounts exist, issue 7: then the signed-in session authorises it). Same body and answer as POST /api/v1/runs.
import { withProblems } from "@/lib/api/errors";
import { uploadRunForProject, uploadStatus } from "@/lib/api/runs";
import { assertSameOrigin } from "@/lib/api/same-origin";
import { getPrisma } from "@/lib/db/client";
import { getProjectIdOrThrow } from "@/lib/db/triage";
import { getEnv } from "@/lib/env.mjs";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  assertSameOrigin(request);
  const { slug } = await context.params;
  const env = getEnv();
  const prisma = await getPrisma();
  const projectId = await getProjectIdOrThrow(prisma, slug);
  const body = await uploadRunForProject(prisma, request, { projectId, projectSlug: slug }, {
    publicUrl: env.GREENBOARD_PUBLIC_URL,
    maxBytes: env.GREENBOARD_MAX_UPLOAD_MB * 1024 * 1024,
  });
  return Response.json(body, { status: uploadStatus(body) });
});
