// GET    /api/v1/projects/{slug}/runs/{runId} – one run: totals, breakdowns by category and team, diff to the previous run.
// DELETE /api/v1/projects/{slug}/runs/{runId} – delete the run and its results; body `{"confirm": "<runKey>"}`.
import { Confirmation } from "@/lib/api/confirm";
import { ApiError, withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { deleteRun, getRunRef } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { getRunDetail } from "@/lib/db/runs";
import { publishProjectEvent } from "@/lib/live/publish";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string; runId: string }> }) => {
  const { slug, runId } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const detail = await getRunDetail(await getPrisma(), slug, runId);
  if (!detail) throw new ApiError("not_found", `Run "${runId}" does not exist in project "${slug}"`);
  return Response.json(detail);
});

export const DELETE = withProblems(async (request: Request, context: { params: Promise<{ slug: string; runId: string }> }) => {
  const { slug, runId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const run = await getRunRef(prisma, slug, runId);
  if (!run) throw new ApiError("not_found", `Run "${runId}" does not exist in project "${slug}"`);
  await readJson(request, Confirmation(run.runKey, "run key"));
  const deleted = await deleteRun(prisma, run.id, access.actor);
  await publishProjectEvent(run.project, { type: "run.deleted", runId: run.id }, run.branch);
  return Response.json({ deleted: { id: run.id, ...deleted } });
});
