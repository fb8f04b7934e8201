// GET  /api/v1/projects/{slug}/rules – the project's rules in evaluation order, then the default rulebook (read-only).
// POST /api/v1/projects/{slug}/rules – add a rule after the project's rules; queues reclassification.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startReclassify } from "@/lib/api/rules";
import { getPrisma } from "@/lib/db/client";
import { createRule, listDefaultRules, listRules, RuleInput } from "@/lib/db/rules";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "viewer");
  const prisma = await getPrisma();
  const rules = await listRules(prisma, access.projectId);
  return Response.json({ rules, defaults: listDefaultRules() });
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const input = await readJson(request, RuleInput);
  const { value, job } = await startReclassify(prisma, projectId, createRule(prisma, projectId, input, access.actor));
  return Response.json({ rule: value, job }, { status: 201 });
});
