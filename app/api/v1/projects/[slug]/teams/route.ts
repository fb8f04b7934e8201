// GET  /api/v1/projects/{slug}/teams – the project's teams, ownership rules (in order), the precedence in words and recent changes.
// POST /api/v1/projects/{slug}/teams – add a team (name, slug, colour).
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipChange } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { createTeam, getOwnershipOverview, TeamInput } from "@/lib/db/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "viewer");
  const prisma = await getPrisma();
  return Response.json(await getOwnershipOverview(prisma, access.projectId));
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const input = await readJson(request, TeamInput);
  const { value, job } = await startOwnershipChange(prisma, projectId, createTeam(prisma, projectId, input, access.actor));
  return Response.json({ team: value, job }, { status: 201 });
});
