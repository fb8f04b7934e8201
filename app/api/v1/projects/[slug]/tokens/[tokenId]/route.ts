// DELETE /api/v1/projects/{slug}/tokens/{tokenId} – revoke a token (it stays listed, marked revoked).
import { withProblems } from "@/lib/api/errors";
import { revokeProjectToken } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { ANONYMOUS_ACTOR } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

export const DELETE = withProblems(async (_request: Request, context: { params: Promise<{ slug: string; tokenId: string }> }) => {
  const { slug, tokenId } = await context.params;
  return Response.json({ token: await revokeProjectToken(await getPrisma(), slug, tokenId, ANONYMOUS_ACTOR) });
});
