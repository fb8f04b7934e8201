// POST /api/v1/projects/{slug}/rules/reorder – new evaluation order of the project's rules; queues reclassification.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startReclassify } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { reorderRules, RuleOrder } from "@/lib/db/rules";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const order = await readJson(request, RuleOrder);
  const { value, job } = await startReclassify(prisma, projectId, reorderRules(prisma, projectId, order, access.actor));
  return Response.json({ rules: value, job });
});
