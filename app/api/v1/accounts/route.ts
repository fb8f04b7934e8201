// GET /api/v1/accounts – every account with its projects and the instance's account audit trail (instance admin).
import { listAccountEvents, listAccounts } from "@/lib/auth/accounts";
import { authorizeInstanceAdmin } from "@/lib/auth/access";
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request) => {
  await authorizeInstanceAdmin(request);
  const prisma = await getPrisma();
  return Response.json({ accounts: await listAccounts(prisma), events: await listAccountEvents(prisma) });
});
