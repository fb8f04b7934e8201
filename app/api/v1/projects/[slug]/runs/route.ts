// GET /api/v1/projects/{slug}/runs – the project's runs, newest first, 50 per page (?branch=&page=).
import { z } from "zod";
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { listRuns } from "@/lib/db/runs";

export const dynamic = "force-dynamic";

const Query = z.object({
  branch: z.string().trim().min(1).max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const query = Query.parse(searchParamsOf(request));
  const runs = await listRuns(await getPrisma(), slug, query);
  if (!runs) throw new ApiError("not-found", `Project "${slug}" does not exist`);
  return Response.json(runs);
});
