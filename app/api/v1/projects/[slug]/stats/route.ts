// GET /api/v1/projects/{slug}/stats – series per run on a branch: pass rate, by category, by team (?branch=).
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { BranchQuery } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db/client";
import { getProjectStats } from "@/lib/db/stats";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const { branch } = BranchQuery.strict().parse(searchParamsOf(request));
  const stats = await getProjectStats(await getPrisma(), slug, branch);
  if (!stats) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return Response.json(stats);
});
