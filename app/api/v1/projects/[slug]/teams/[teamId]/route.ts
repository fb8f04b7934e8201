// PATCH  /api/v1/projects/{slug}/teams/{teamId} – rename, re-slug or recolour a team (id or slug in the path).
// DELETE /api/v1/projects/{slug}/teams/{teamId} – delete a team and its ownership rules; queues the ownership job.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipChange } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { deleteTeam, TeamPatch, updateTeam } from "@/lib/db/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; teamId: string }> };

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug, teamId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const patch = await readJson(request, TeamPatch);
  const { value, job } = await startOwnershipChange(prisma, projectId, updateTeam(prisma, projectId, teamId, patch, access.actor));
  return Response.json({ team: value, job });
});

export const DELETE = withProblems(async (request: Request, context: Context) => {
  const { slug, teamId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const { value, job } = await startOwnershipChange(prisma, projectId, deleteTeam(prisma, projectId, teamId, access.actor));
  return Response.json({ deleted: value.id, job });
});
