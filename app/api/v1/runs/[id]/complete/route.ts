// POST /api/v1/runs/{id}/complete – close a run of the token's project and compute its final figures.
import { withProblems } from "@/lib/api/errors";
import { completeRunForToken } from "@/lib/api/runs";
import { getPrisma } from "@/lib/db/client";
import { getEnv } from "@/lib/env.mjs";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { id } = await context.params;
  const body = await completeRunForToken(await getPrisma(), request, id, {
    publicUrl: getEnv().GREENBOARD_PUBLIC_URL,
  });
  return Response.json(body);
});
