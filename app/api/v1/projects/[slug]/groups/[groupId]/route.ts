// GET   /api/v1/projects/{slug}/groups/{groupId} – a failure group with its tests, history and audit trail.
// PATCH /api/v1/projects/{slug}/groups/{groupId} – change status, assignee team, issue link (and/or add a note).
import { ApiError, withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipJob } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { getGroupDetail, GroupChanges, updateGroup } from "@/lib/db/triage";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; groupId: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug, groupId } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const detail = await getGroupDetail(await getPrisma(), slug, groupId);
  if (!detail) throw new ApiError("not_found", `Failure group "${groupId}" does not exist in project "${slug}"`);
  return Response.json(detail);
});

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug, groupId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "member");
  const changes = await readJson(request, GroupChanges);
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const { ownershipJobId, ...group } = await updateGroup(prisma, groupId, changes, access.actor, { projectId });
  // A new assignee changes team scopes: the ownership job recomputes the team rollups.
  return Response.json({ group, job: startOwnershipJob(prisma, projectId, ownershipJobId) });
});
