// GET /api/v1/projects/{slug}/audit – who changed what, when: triage and admin changes, newest first, paged.
import { authorizeProject } from "@/lib/auth/access";
import { withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { AuditQuery, listAuditEvents } from "@/lib/db/audit";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const access = await authorizeProject(request, prisma, slug, "viewer");
  return Response.json(await listAuditEvents(prisma, access.projectId, AuditQuery.parse(searchParamsOf(request))));
});
