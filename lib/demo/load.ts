import type { PrismaClient } from "@/lib/generated/prisma/client";
import { createProject, getProjectBySlug } from "@/lib/db/projects";
import { ingest, type Classifier } from "@/lib/ingest";
import { generateDemoRuns, type DemoOptions } from "./generate";

export const DEMO_PROJECT = { slug: "golden-path", name: "Golden Path integration suite", defaultBranch: "main" } as const;

export class DemoAlreadyLoadedError extends Error {
  constructor() {
    super(`The demo project "${DEMO_PROJECT.slug}" already exists`);
    this.name = "DemoAlreadyLoadedError";
  }
}

/**
 * Creates the demo project with the report's four teams and ingests every generated report
 * through lib/ingest — the same path an upload takes — shard by shard, completing each run.
 */
export async function loadDemoData(
  prisma: PrismaClient,
  options: DemoOptions & { classifier: Classifier; onProgress?: (done: number, total: number) => void },
): Promise<{ projectSlug: string; runs: number; results: number }> {
  if (await getProjectBySlug(prisma, DEMO_PROJECT.slug)) throw new DemoAlreadyLoadedError();
  const project = await createProject(prisma, { ...DEMO_PROJECT }, { withReportTeams: true });
  await addDemoPathRules(prisma, project.id);
  const runs = generateDemoRuns(options);
  let results = 0;
  for (const [index, run] of runs.entries()) {
    for (const [shard, report] of run.reports.entries()) {
      const outcome = await ingest(
        prisma,
        {
          projectId: project.id,
          runKey: run.runKey,
          metadata: { branch: run.branch, commitSha: run.commitSha, ciUrl: run.ciUrl, startedAt: run.startedAt, expectedShards: run.reports.length },
          files: [{ filename: report.filename, source: [Buffer.from(report.xml)] }],
        },
        { classifier: options.classifier, now: new Date(run.startedAt.getTime() + (shard + 1) * 60_000) },
      );
      results += outcome.uploads.reduce((sum, u) => sum + u.tests, 0);
    }
    options.onProgress?.(index + 1, runs.length);
  }
  return { projectSlug: project.slug, runs: runs.length, results };
}

/**
 * Besides the report's category rules: the files each team took over, as path rules. Team D owns
 * the health-route file it restored, so the assertion failures found in it once it runs again are
 * Team D's (no team owns `assertion`); the websocket tests are Team B's after its mock fix.
 */
export const DEMO_PATH_RULES: { pattern: string; team: string }[] = [
  { pattern: "/tests/integration/test_health_route_integration_failures.py", team: "team-d" },
  { pattern: "/tests/integration/test_websocket_integration.py", team: "team-b" },
];

async function addDemoPathRules(prisma: PrismaClient, projectId: string): Promise<void> {
  const teams = await prisma.team.findMany({ where: { projectId }, select: { id: true, slug: true } });
  const last = await prisma.ownershipRule.aggregate({ where: { projectId }, _max: { position: true } });
  let position = (last._max.position ?? -1) + 1;
  for (const rule of DEMO_PATH_RULES) {
    const team = teams.find((t) => t.slug === rule.team);
    if (team) await prisma.ownershipRule.create({ data: { projectId, teamId: team.id, kind: "path", pathGlob: rule.pattern, position: position++ } });
  }
}
