// GET /api/v1/projects/{slug}/overview – KPIs and time series of the overview page.
import { ApiError, withProblems } from "@/lib/api/errors";
import { BranchQuery } from "@/lib/api/schemas";
import { getCache } from "@/lib/cache";
import { getPrisma } from "@/lib/db/client";
import { getOverview } from "@/lib/db/overview";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const { branch } = BranchQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const prisma = await getPrisma();
  // Short-lived cache: uploads invalidate by publishing, and a stale overview for 5 s is harmless.
  const overview = await getCache().getOrCompute(`overview:${slug}:${branch ?? ""}`, 5, () => getOverview(prisma, slug, branch));
  if (!overview) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return Response.json(overview);
});
