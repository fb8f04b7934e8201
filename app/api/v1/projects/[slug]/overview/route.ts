// GET /api/v1/projects/{slug}/overview – KPIs and time series of the overview page.
import { z } from "zod";
import { ApiError, withProblems } from "@/lib/api/errors";
import { getCache } from "@/lib/cache";
import { getPrisma } from "@/lib/db/client";
import { getOverview } from "@/lib/db/overview";

export const dynamic = "force-dynamic";

const Query = z.object({ branch: z.string().trim().min(1).max(200).optional() });

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const { branch } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const prisma = await getPrisma();
  // Short-lived cache: uploads invalidate by publishing, and a stale overview for 5 s is harmless.
  const overview = await getCache().getOrCompute(`overview:${slug}:${branch ?? ""}`, 5, () => getOverview(prisma, slug, branch));
  if (!overview) throw new ApiError("not-found", `Project "${slug}" does not exist`);
  return Response.json(overview);
});
