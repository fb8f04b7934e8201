// GET    /api/v1/projects/{slug} – the project's settings and recent admin changes.
// PATCH  /api/v1/projects/{slug} – change name, default branch, pass-rate target, missing-test window, run idle timeout.
// DELETE /api/v1/projects/{slug} – delete the project and all its data; body `{"confirm": "<slug>"}`.
import { Confirmation } from "@/lib/api/confirm";
import { ApiError, withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { deleteProject, getProjectSettings, ProjectSettingsChanges, updateProjectSettings } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const settings = await getProjectSettings(await getPrisma(), slug);
  if (!settings) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return Response.json(settings);
});

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const changes = await readJson(request, ProjectSettingsChanges);
  return Response.json(await updateProjectSettings(await getPrisma(), slug, changes, access.actor));
});

export const DELETE = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  await readJson(request, Confirmation(slug, "project slug"));
  await deleteProject(prisma, projectId);
  // The project's own audit trail goes with it: the server log keeps the record.
  console.info(`Project "${slug}" deleted by ${access.actor}`);
  return new Response(null, { status: 204 });
});
