// POST /api/v1/projects/{slug}/groups/{groupId}/notes – add a note to a failure group (and its audit trail).
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { NoteBody } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db/client";
import { updateGroup } from "@/lib/db/triage";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string; groupId: string }> }) => {
  const { slug, groupId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "member");
  const { body } = await readJson(request, NoteBody);
  const prisma = await getPrisma();
  const group = await updateGroup(prisma, groupId, { note: body }, access.actor, { projectId: access.projectId });
  return Response.json({ group }, { status: 201 });
});
