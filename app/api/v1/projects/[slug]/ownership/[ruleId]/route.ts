// PATCH  /api/v1/projects/{slug}/ownership/{ruleId} – change an ownership rule's team, category or pattern; queues the ownership job.
// DELETE /api/v1/projects/{slug}/ownership/{ruleId} – delete an ownership rule; queues the ownership job.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipChange } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { deleteOwnershipRule, OwnershipRulePatch, updateOwnershipRule } from "@/lib/db/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; ruleId: string }> };

export const PATCH = withProblems(async (request: Request, context: Context) => {
  const { slug, ruleId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const patch = await readJson(request, OwnershipRulePatch);
  const { value, job } = await startOwnershipChange(prisma, projectId, updateOwnershipRule(prisma, projectId, ruleId, patch, access.actor));
  return Response.json({ rule: value, job });
});

export const DELETE = withProblems(async (request: Request, context: Context) => {
  const { slug, ruleId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const { value, job } = await startOwnershipChange(prisma, projectId, deleteOwnershipRule(prisma, projectId, ruleId, access.actor));
  return Response.json({ deleted: value.id, job });
});
