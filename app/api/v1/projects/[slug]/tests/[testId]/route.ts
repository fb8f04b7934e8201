// GET   /api/v1/projects/{slug}/tests/{testId} – one test's outcome and duration per run on a branch (`?branch=`), its groups, flaky evidence.
// PATCH /api/v1/projects/{slug}/tests/{testId} – retire the test (removed on purpose: never missing) or restore it.
import { ApiError, withProblems } from "@/lib/api/errors";
import { readJson, searchParamsOf } from "@/lib/api/json";
import { setTestRetired, TestRetirement } from "@/lib/db/admin";
import { getPrisma } from "@/lib/db/client";
import { getTestDetail } from "@/lib/db/tests";
import { FlakyFilters } from "@/lib/domain/filters";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const GET = withProblems(async (request: Request, context: { params: Promise<{ slug: string; testId: string }> }) => {
  const { slug, testId } = await context.params;
  await authorizeProject(request, await getPrisma(), slug, "viewer");
  const filters = FlakyFilters.strict().parse(searchParamsOf(request));
  const detail = await getTestDetail(await getPrisma(), slug, testId, filters);
  if (!detail) throw new ApiError("not_found", `Test "${testId}" does not exist in project "${slug}"`);
  return Response.json(detail);
});

export const PATCH = withProblems(async (request: Request, context: { params: Promise<{ slug: string; testId: string }> }) => {
  const { slug, testId } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "member");
  const change = await readJson(request, TestRetirement);
  // No accounts yet: every change is made by "anonymous".
  const test = await setTestRetired(await getPrisma(), slug, testId, change, access.actor);
  return Response.json({ test });
});
