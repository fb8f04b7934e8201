// PATCH  /api/v1/accounts/{userId} – grant or revoke instance admin (instance admin; never the last one).
// DELETE /api/v1/accounts/{userId} – delete an account and its sessions (instance admin; never the last one).
import { deleteAccount, listAccounts, setInstanceAdmin } from "@/lib/auth/accounts";
import { authorizeInstanceAdmin } from "@/lib/auth/access";
import { AccountPatch } from "@/lib/auth/schemas";
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ userId: string }> };

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { userId } = await context.params;
  const user = await authorizeInstanceAdmin(request);
  const patch = await readJson(request, AccountPatch);
  const prisma = await getPrisma();
  await setInstanceAdmin(prisma, userId, patch.instanceAdmin, user.email);
  return Response.json({ accounts: await listAccounts(prisma) });
});

export const DELETE = withProblems(async (request: Request, context: Context) => {
  const { userId } = await context.params;
  const user = await authorizeInstanceAdmin(request);
  await deleteAccount(await getPrisma(), userId, user.email);
  return new Response(null, { status: 204 });
});
