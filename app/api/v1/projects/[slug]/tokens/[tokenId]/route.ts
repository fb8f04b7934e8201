// DELETE /api/v1/projects/{slug}/tokens/{tokenId} – revoke a token (it stays listed, marked revoked).
import { withProblems } from "@/lib/api/errors";
import { revokeProjectToken } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const DELETE = withProblems(async (request: Request, context: { params: Promise<{ slug: string; tokenId: string }> }) => {
  const { slug, tokenId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  return Response.json({ token: await revokeProjectToken(await getPrisma(), slug, tokenId, access.actor) });
});
