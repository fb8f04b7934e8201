// POST /api/v1/projects/{slug}/rules/reorder – new evaluation order of the project's rules; queues reclassification.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startReclassify } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { reorderRules, RuleOrder } from "@/lib/db/rules";
import { ANONYMOUS_ACTOR, getProjectIdOrThrow } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const projectId = await getProjectIdOrThrow(prisma, slug);
  const order = await readJson(request, RuleOrder);
  const { value, job } = await startReclassify(prisma, projectId, reorderRules(prisma, projectId, order, ANONYMOUS_ACTOR));
  return Response.json({ rules: value, job });
});
