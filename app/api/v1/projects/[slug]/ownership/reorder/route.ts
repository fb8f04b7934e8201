// POST /api/v1/projects/{slug}/ownership/reorder – new order of the project's ownership rules; queues the ownership job.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipChange } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { OwnershipRuleOrder, reorderOwnershipRules } from "@/lib/db/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const order = await readJson(request, OwnershipRuleOrder);
  const { value, job } = await startOwnershipChange(prisma, projectId, reorderOwnershipRules(prisma, projectId, order, access.actor));
  return Response.json({ rules: value, job });
});
