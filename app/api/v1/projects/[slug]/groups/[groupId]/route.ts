// GET   /api/v1/projects/{slug}/groups/{groupId} – a failure group with its tests, history and audit trail.
// PATCH /api/v1/projects/{slug}/groups/{groupId} – change status, assignee team, issue link (and/or add a note).
import { ApiError, withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { ANONYMOUS_ACTOR, getGroupDetail, getProjectIdOrThrow, GroupChanges, updateGroup } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; groupId: string }> };

export const GET = withProblems(async (_request: Request, context: Context) => {
  const { slug, groupId } = await context.params;
  const detail = await getGroupDetail(await getPrisma(), slug, groupId);
  if (!detail) throw new ApiError("not_found", `Failure group "${groupId}" does not exist in project "${slug}"`);
  return Response.json(detail);
});

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug, groupId } = await context.params;
  const changes = await readJson(request, GroupChanges);
  const prisma = await getPrisma();
  // No accounts yet: every change is made by "anonymous".
  const group = await updateGroup(prisma, groupId, changes, ANONYMOUS_ACTOR, { projectId: await getProjectIdOrThrow(prisma, slug) });
  return Response.json({ group });
});
