// GET /api/v1/projects/{slug}/runs – the project's runs, newest first, 50 per page (?branch=&page=).
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { listRuns } from "@/lib/db/runs";
import { RunListFilters } from "@/lib/domain/filters";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const query = RunListFilters.parse(searchParamsOf(request));
  const runs = await listRuns(await getPrisma(), slug, query);
  if (!runs) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return Response.json(runs);
});
