// GET /api/v1/jobs/{id} – status and progress of a background ingestion (a 202 upload), for the token's project.
import { withProblems } from "@/lib/api/errors";
import { getJobForToken } from "@/lib/api/jobs";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env.mjs";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  return Response.json(await getJobForToken(await getPrisma(), request, id, { publicUrl: getEnv().GREENBOARD_PUBLIC_URL }), {
    headers: { "cache-control": "no-store" },
  });
});
