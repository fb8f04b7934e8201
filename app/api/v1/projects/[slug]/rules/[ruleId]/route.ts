// PATCH  /api/v1/projects/{slug}/rules/{ruleId} – change a rule; queues reclassification.
// DELETE /api/v1/projects/{slug}/rules/{ruleId} – delete a rule; queues reclassification.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startReclassify } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { deleteRule, RulePatch, updateRule } from "@/lib/db/rules";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; ruleId: string }> };

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug, ruleId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const patch = await readJson(request, RulePatch);
  const { value, job } = await startReclassify(prisma, projectId, updateRule(prisma, projectId, ruleId, patch, access.actor));
  return Response.json({ rule: value, job });
});

export const DELETE = withProblems(async (request: Request, context: Context) => {
  const { slug, ruleId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const { value, job } = await startReclassify(prisma, projectId, deleteRule(prisma, projectId, ruleId, access.actor));
  return Response.json({ deleted: value.id, job });
});
