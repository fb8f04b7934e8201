// GET /api/v1/projects/{slug}/members – the project's members and their roles (admin).
// PUT /api/v1/projects/{slug}/members – add an existing account by e-mail or change its role (admin).
import { listMembers, setMember } from "@/lib/auth/accounts";
import { authorizeProject } from "@/lib/auth/access";
import { MemberInput } from "@/lib/auth/schemas";
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const access = await authorizeProject(request, prisma, slug, "admin");
  return Response.json({ members: await listMembers(prisma, access.projectId) });
});

export const PUT = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const access = await authorizeProject(request, prisma, slug, "admin");
  const input = await readJson(request, MemberInput);
  await setMember(prisma, access.projectId, input.email, input.role, access.actor);
  return Response.json({ members: await listMembers(prisma, access.projectId) });
});
