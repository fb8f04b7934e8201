// POST /api/v1/projects/{slug}/groups/bulk – set status and/or assignee team of many failure groups at once.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { ANONYMOUS_ACTOR, BulkGroupChanges, bulkUpdateGroups, getProjectIdOrThrow } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const body = await readJson(request, BulkGroupChanges);
  const prisma = await getPrisma();
  // No accounts yet: every change is made by "anonymous".
  const groups = await bulkUpdateGroups(prisma, await getProjectIdOrThrow(prisma, slug), body, ANONYMOUS_ACTOR);
  return Response.json({ groups });
});
