// GET /api/v1/projects/{slug}/runs/{runId}/results – one page of a run's results (?status=&category=&q=&sort=&page=).
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { listRunResults, ResultFilters } from "@/lib/db/runs";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string; runId: string }> }) => {
  const { slug, runId } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const filters = ResultFilters.parse(searchParamsOf(request));
  const page = await listRunResults(await getPrisma(), slug, runId, filters);
  if (!page) throw new ApiError("not_found", `Run "${runId}" does not exist in project "${slug}"`);
  return Response.json(page);
});
