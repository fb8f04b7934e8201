// GET /api/v1/projects/{slug}/flaky – flaky tests of a branch (`?branch=`, default the project's default branch) with their evidence.
import { z } from "zod";
import { withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { listFlakyTests } from "@/lib/db/flaky";
import { getProjectBySlug } from "@/lib/db/projects";
import { NotFoundError } from "@/lib/db/errors";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

const FlakyQuery = z.object({ branch: z.string().min(1).max(200).optional() }).strict();

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const query = FlakyQuery.parse(searchParamsOf(request));
  const prisma = await getPrisma();
  const project = await getProjectBySlug(prisma, slug);
  if (!project) throw new NotFoundError("project", `Project "${slug}" does not exist`);
  return Response.json(await listFlakyTests(prisma, project.id, query.branch ?? project.defaultBranch));
});
