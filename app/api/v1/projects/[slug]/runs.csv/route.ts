// GET /api/v1/projects/{slug}/runs.csv – every run (or one branch's, ?branch=) as CSV, streamed.
import { csvResponse } from "@/lib/api/csv";
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { RUN_CSV_COLUMNS, streamRunRows } from "@/lib/db/stats";
import { RunListFilters } from "@/lib/domain/filters";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const { branch } = RunListFilters.pick({ branch: true }).strict().parse(searchParamsOf(request));
  const rows = await streamRunRows(await getPrisma(), slug, branch);
  if (!rows) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return csvResponse(`${slug}-runs.csv`, RUN_CSV_COLUMNS, rows);
});
