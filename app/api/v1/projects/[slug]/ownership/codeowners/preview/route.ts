// POST /api/v1/projects/{slug}/ownership/codeowners/preview – what a CODEOWNERS file contains and a suggested owner → team mapping; writes nothing.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { CodeownersPreviewInput, previewCodeowners } from "@/lib/db/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const input = await readJson(request, CodeownersPreviewInput);
  return Response.json(await previewCodeowners(prisma, projectId, input));
});
