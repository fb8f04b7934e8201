// POST /api/v1/projects/{slug}/invites – an invite link that creates an account with a role in this project (admin).
// No e-mail is sent: the admin hands the link over. It works once, for 7 days.
import { createInvite } from "@/lib/auth/accounts";
import { authorizeProject } from "@/lib/auth/access";
import { ProjectInviteInput } from "@/lib/auth/schemas";
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { absoluteUrl } from "@/lib/api/url";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const access = await authorizeProject(request, prisma, slug, "admin");
  const input = await readJson(request, ProjectInviteInput);
  const { invite, path } = await createInvite(prisma, { email: input.email, role: input.role, projectSlug: slug, instanceAdmin: false }, access.actor);
  await prisma.triageEvent.create({ data: { projectId: access.projectId, actor: access.actor, action: "member.invite", toValue: input.role, note: input.email ?? null } });
  return Response.json({ url: absoluteUrl(request, path), expiresAt: invite.expiresAt.toISOString() }, { status: 201, headers: { "cache-control": "no-store" } });
});
