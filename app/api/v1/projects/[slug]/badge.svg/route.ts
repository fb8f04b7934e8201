// GET /api/v1/projects/{slug}/badge.svg – public pass-rate badge for a README ("tests | 85.2 %").
import { passRateBadge } from "@/lib/api/badge";
import { ApiError, withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";
import { getBadgePassRate } from "@/lib/db/stats";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (_request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const badge = await getBadgePassRate(await getPrisma(), slug);
  if (!badge) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  // Image proxies (GitHub's camo) honour max-age: a minute old is fresh enough for a README.
  return new Response(passRateBadge(badge.passRate, badge.target), {
    headers: { "content-type": "image/svg+xml; charset=utf-8", "cache-control": "public, max-age=60" },
  });
});
