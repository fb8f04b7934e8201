// POST /api/v1/accounts/invites – an invite link for a new account, optionally instance admin and/or with a project role.
import { createInvite } from "@/lib/auth/accounts";
import { authorizeInstanceAdmin } from "@/lib/auth/access";
import { AccountInviteInput } from "@/lib/auth/schemas";
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { absoluteUrl } from "@/lib/api/url";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request) => {
  const user = await authorizeInstanceAdmin(request);
  const input = await readJson(request, AccountInviteInput);
  const { invite, path } = await createInvite(await getPrisma(), input, user.email);
  return Response.json({ url: absoluteUrl(request, path), expiresAt: invite.expiresAt.toISOString() }, { status: 201, headers: { "cache-control": "no-store" } });
});
