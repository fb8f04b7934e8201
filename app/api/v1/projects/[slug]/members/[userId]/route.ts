// DELETE /api/v1/projects/{slug}/members/{userId} – take an account out of the project (admin).
import { removeMember } from "@/lib/auth/accounts";
import { authorizeProject } from "@/lib/auth/access";
import { withProblems } from "@/lib/api/errors";
import { getPrisma } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export const DELETE = withProblems(async (request: Request, context: { params: Promise<{ slug: string; userId: string }> }) => {
  const { slug, userId } = await context.params;
  const prisma = await getPrisma();
  const access = await authorizeProject(request, prisma, slug, "admin");
  await removeMember(prisma, access.projectId, userId, access.actor);
  return new Response(null, { status: 204 });
});
