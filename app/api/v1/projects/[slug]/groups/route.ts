// GET /api/v1/projects/{slug}/groups – the triage queue, most impactful first (?status=&category=&team=&branch=&page=).
import { ApiError, withProblems } from "@/lib/api/errors";
import { searchParamsOf } from "@/lib/api/json";
import { getPrisma } from "@/lib/db/client";
import { GroupFilters, listGroups } from "@/lib/db/triage";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const filters = GroupFilters.parse(searchParamsOf(request));
  const list = await listGroups(await getPrisma(), slug, filters);
  if (!list) throw new ApiError("not_found", `Project "${slug}" does not exist`);
  return Response.json(list);
});
