// PATCH  /api/v1/projects/{slug}/rules/{ruleId} – change a rule; queues reclassification.
// DELETE /api/v1/projects/{slug}/rules/{ruleId} – delete a rule; queues reclassification.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startReclassify } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { deleteRule, RulePatch, updateRule } from "@/lib/db/rules";
import { ANONYMOUS_ACTOR, getProjectIdOrThrow } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; ruleId: string }> };

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug, ruleId } = await context.params;
  const prisma = await getPrisma();
  const projectId = await getProjectIdOrThrow(prisma, slug);
  const patch = await readJson(request, RulePatch);
  const { value, job } = await startReclassify(prisma, projectId, updateRule(prisma, projectId, ruleId, patch, ANONYMOUS_ACTOR));
  return Response.json({ rule: value, job });
});

export const DELETE = withProblems(async (_request: Request, context: Context) => {
  const { slug, ruleId } = await context.params;
  const prisma = await getPrisma();
  const projectId = await getProjectIdOrThrow(prisma, slug);
  const { value, job } = await startReclassify(prisma, projectId, deleteRule(prisma, projectId, ruleId, ANONYMOUS_ACTOR));
  return Response.json({ deleted: value.id, job });
});
