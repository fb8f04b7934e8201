// GET  /api/v1/projects/{slug}/ownership – the project's ownership rules in order, with the precedence in words.
// POST /api/v1/projects/{slug}/ownership – add a category or path rule after the others; queues the ownership job.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipChange } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { createOwnershipRule, listOwnershipRules, OwnershipRuleInput } from "@/lib/db/ownership";
import { OWNERSHIP_PRECEDENCE } from "@/lib/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

export const GET = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "viewer");
  const prisma = await getPrisma();
  const rules = await listOwnershipRules(prisma, access.projectId);
  return Response.json({ rules, precedence: OWNERSHIP_PRECEDENCE });
});

export const POST = withProblems(async (request: Request, context: Context) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const input = await readJson(request, OwnershipRuleInput);
  const { value, job } = await startOwnershipChange(prisma, projectId, createOwnershipRule(prisma, projectId, input, access.actor));
  return Response.json({ rule: value, job }, { status: 201 });
});
