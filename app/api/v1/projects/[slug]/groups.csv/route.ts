// GET /api/v1/projects/{slug}/groups.csv – failure groups matching the queue's filters as CSV, streamed (?status=&category=&team=&branch=).
import { csvResponse } from "@/lib/api/csv";
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { GROUP_CSV_COLUMNS, streamGroupRows } from "@/lib/db/stats";
import { GroupFilters } from "@/lib/domain/filters";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const filters = GroupFilters.omit({ page: true }).strict().parse(searchParamsOf(request));
  const rows = await streamGroupRows(await getPrisma(), slug, filters);
  if (!rows) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return csvResponse(`${slug}-groups.csv`, GROUP_CSV_COLUMNS, rows);
});
