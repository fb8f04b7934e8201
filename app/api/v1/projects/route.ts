// GET /api/v1/projects – every project with its latest run on the default branch.
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { listProjectSummaries } from "@/lib/db/stats";

export const dynamic = "force-dynamic";

export const GET = withProblems(async () => {
  return Response.json({ projects: await listProjectSummaries(await getPrisma()) });
});
