// POST /api/v1/projects/{slug}/uploads – the dashboard's browser upload: a member's session from this
// server's own pages, no token. Same body and answer as POST /api/v1/runs.
import { withProblems } from "@/lib/api/errors";
import { uploadRunForProject, uploadStatus } from "@/lib/api/runs";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env.mjs";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "member");
  const env = getEnv();
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const body = await uploadRunForProject(prisma, request, { projectId, projectSlug: slug }, {
    publicUrl: env.GREENBOARD_PUBLIC_URL,
    maxBytes: env.GREENBOARD_MAX_UPLOAD_MB * 1024 * 1024,
  });
  return Response.json(body, { status: uploadStatus(body) });
});
