// POST /api/v1/projects/{slug}/ownership/codeowners – import a CODEOWNERS file as path rules, its owners mapped to teams; queues the ownership job.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipChange } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { CodeownersImportInput, importCodeowners } from "@/lib/db/ownership";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "admin");
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const input = await readJson(request, CodeownersImportInput);
  const { value, job } = await startOwnershipChange(prisma, projectId, importCodeowners(prisma, projectId, input, access.actor));
  return Response.json({ ...value, job }, { status: 201 });
});
