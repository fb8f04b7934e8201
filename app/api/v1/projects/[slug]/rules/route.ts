// GET  /api/v1/projects/{slug}/rules – the project's rules in evaluation order, then the default rulebook (read-only).
// POST /api/v1/projects/{slug}/rules – add a rule after the project's rules; queues reclassification.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startReclassify } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { createRule, listDefaultRules, listRules, RuleInput } from "@/lib/db/rules";
import { ANONYMOUS_ACTOR, getProjectIdOrThrow } from "@/lib/db/triage";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (_request: Request, context: Context) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const rules = await listRules(prisma, await getProjectIdOrThrow(prisma, slug));
  return Response.json({ rules, defaults: listDefaultRules() });
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const prisma = await getPrisma();
  const projectId = await getProjectIdOrThrow(prisma, slug);
  const input = await readJson(request, RuleInput);
  const { value, job } = await startReclassify(prisma, projectId, createRule(prisma, projectId, input, ANONYMOUS_ACTOR));
  return Response.json({ rule: value, job }, { status: 201 });
});
