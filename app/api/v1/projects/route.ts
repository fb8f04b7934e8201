// GET /api/v1/projects – the projects the caller may see, each with its latest run on the default branch.
import { withProblems } from "@/lib/api/errors";
import { authorizeReader, visibleProjectIds } from "@/lib/auth/access";
import { getPrisma } from "@/lib/db/client";
import { listProjectSummaries } from "@/lib/db/stats";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request) => {
  const prisma = await getPrisma();
  const user = await authorizeReader(request);
  return Response.json({ projects: await listProjectSummaries(prisma, await visibleProjectIds(prisma, user)) });
});
