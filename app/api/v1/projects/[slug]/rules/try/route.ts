// POST /api/v1/projects/{slug}/rules/try – what a rule would reclassify among recent failures; writes nothing.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { TryRule, tryRule } from "@/lib/db/rules";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "member");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const body = await readJson(request, TryRule);
  return Response.json(await tryRule(prisma, projectId, body));
});
