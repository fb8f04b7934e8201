// POST /api/v1/projects/{slug}/groups/bulk – set status and/or assignee team of many failure groups at once.
import { withProblems } from "@/lib/api/errors";
import { readJson } from "@/lib/api/json";
import { startOwnershipJob } from "@/lib/api/ownership";
import { getPrisma } from "@/lib/db/client";
import { BulkGroupChanges, bulkUpdateGroups } from "@/lib/db/triage";
import { authorizeProject } from "@/lib/auth/access";

export const dynamic = "force-dynamic";

export const POST = withProblems(async (request: Request, context: { params: Promise<{ slug: string }> }) => {
  const { slug } = await context.params;
  const access = await authorizeProject(request, await getPrisma(), slug, "member");
  const body = await readJson(request, BulkGroupChanges);
  const prisma = await getPrisma();
  const projectId = access.projectId;
  const results = await bulkUpdateGroups(prisma, projectId, body, access.actor);
  // Every reassigned group shares the one queued ownership job.
  const jobId = results.find((r) => r.ownershipJobId !== null)?.ownershipJobId ?? null;
  const groups = results.map((group) => ({ id: group.id, status: group.status, assigneeTeamId: group.assigneeTeamId, externalIssueUrl: group.externalIssueUrl, events: group.events }));
  return Response.json({ groups, job: startOwnershipJob(prisma, projectId, jobId) });
});
