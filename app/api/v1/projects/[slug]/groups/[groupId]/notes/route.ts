// POST /api/v1/projects/{slug}/groups/{groupId}/notes – add a note to a failure group (and its audit trail).
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { NoteBody } from "@/lib/api/schemas";
import { getPrisma } from "@/lib/db/client";
import { ANONYMOUS_ACTOR, getProjectIdOrThrow, updateGroup } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string; groupId: string }> }) => {
  const { slug, groupId } = await context.params;
  const { body } = await readJson(request, NoteBody);
  const prisma = await getPrisma();
  // No accounts yet: every note is written by "anonymous".
  const group = await updateGroup(prisma, groupId, { note: body }, ANONYMOUS_ACTOR, { projectId: await getProjectIdOrThrow(prisma, slug) });
  return Response.json({ group }, { status: 201 });
});
