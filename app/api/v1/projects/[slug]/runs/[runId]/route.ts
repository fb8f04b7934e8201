// GET /api/v1/projects/{slug}/runs/{runId} – one run: totals, breakdowns by category and team, diff to the previous run.
import { ApiError, withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { getRunDetail } from "@/lib/db/runs";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (_request: Request, context: { params: Promise<{ slug: string; runId: string }> }) => {
  const { slug, runId } = await context.params;
  const detail = await getRunDetail(await getPrisma(), slug, runId);
  if (!detail) throw new ApiError("not-found", `Run "${runId}" does not exist in project "${slug}"`);
  return Response.json(detail);
});
