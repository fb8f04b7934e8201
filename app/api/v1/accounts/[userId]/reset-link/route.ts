// POST /api/v1/accounts/{userId}/reset-link – a one-day link to choose a new password (instance admin hands it over).
import { createPasswordResetLink } from "@/lib/auth/accounts";
import { authorizeInstanceAdmin } from "@/lib/auth/access";
import { withProblems } from "@/lib/api/errors";
import { absoluteUrl } from "@/lib/api/url";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ userId: string }> }) => {
  const { userId } = await context.params;
  const user = await authorizeInstanceAdmin(request);
  const link = await createPasswordResetLink(await getPrisma(), userId, user.email);
  return Response.json({ url: absoluteUrl(request, link.path), email: link.email }, { status: 201, headers: { "cache-control": "no-store" } });
});
