import type { PrismaClient } from "@/lib/generated/prisma/client";
import { CATEGORIES, categoryFromDb, type Category, type RunCounts } from "@/lib/domain/vocabulary";
import { projectEta, type Projection } from "@/lib/domain/eta";

export interface RunPoint extends RunCounts {
  id: string;
  runKey: string;
  status: "open" | "complete";
  startedAt: string;
  commitSha: string | null;
  flaky: number;
  /** Non-passing results by cause. */
  byCategory: Record<Category, number>;
}

export interface TeamPoint {
  runId: string;
  teamId: string;
  passRate: number | null;
  openGroups: number;
}

export interface Overview {
  project: { id: string; slug: string; name: string; defaultBranch: string; passRateTarget: number };
  branch: string;
  branches: string[];
  runs: RunPoint[];
  teams: { id: string; name: string; color: string }[];
  teamPoints: TeamPoint[];
  openGroups: number;
  projection: Projection;
}

const emptyByCategory = (): Record<Category, number> =>
  Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;

/** Everything the overview shows, read from runs and rollups only (never raw results). */
export async function getOverview(prisma: PrismaClient, slug: string, branchParam?: string, limit = 60): Promise<Overview | null> {
  const project = await prisma.project.findUnique({ where: { slug } });
  if (!project) return null;
  const branch = branchParam ?? project.defaultBranch;
  const [runsDesc, branchRows, teams, openGroups] = await Promise.all([
    prisma.run.findMany({ where: { projectId: project.id, branch }, orderBy: { startedAt: "desc" }, take: limit }),
    prisma.run.findMany({ where: { projectId: project.id }, distinct: ["branch"], select: { branch: true } }),
    prisma.team.findMany({ where: { projectId: project.id }, orderBy: { slug: "asc" }, select: { id: true, name: true, color: true } }),
    prisma.failureGroup.count({ where: { projectId: project.id, status: { in: ["new", "investigating"] } } }),
  ]);
  const runs = runsDesc.reverse();
  const rollups = await prisma.runRollup.findMany({ where: { runId: { in: runs.map((r) => r.id) } } });

  const byRun = new Map<string, Record<Category, number>>();
  const teamPoints: TeamPoint[] = [];
  for (const rollup of rollups) {
    if (rollup.teamId === null && rollup.category !== null) {
      const counts = byRun.get(rollup.runId) ?? emptyByCategory();
      counts[categoryFromDb(rollup.category)] = rollup.failed + rollup.errors + rollup.missing;
      byRun.set(rollup.runId, counts);
    } else if (rollup.teamId !== null && rollup.category === null) {
      const denominator = rollup.passed + rollup.failed + rollup.errors + rollup.missing;
      teamPoints.push({
        runId: rollup.runId,
        teamId: rollup.teamId,
        passRate: denominator === 0 ? null : rollup.passed / denominator,
        openGroups: rollup.openGroups,
      });
    }
  }

  const points: RunPoint[] = runs.map((run) => ({
    id: run.id,
    runKey: run.runKey,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    commitSha: run.commitSha,
    tests: run.tests,
    passed: run.passed,
    failed: run.failed,
    errors: run.errors,
    skipped: run.skipped,
    missing: run.missing,
    flaky: run.flaky,
    passRate: run.passRate,
    byCategory: byRun.get(run.id) ?? emptyByCategory(),
  }));
  const completed = points.filter((p) => p.status === "complete" && p.passRate !== null);
  return {
    project: {
      id: project.id,
      slug: project.slug,
      name: project.name,
      defaultBranch: project.defaultBranch,
      passRateTarget: project.passRateTarget,
    },
    branch,
    branches: branchRows.map((b) => b.branch).filter((b): b is string => b !== null).sort(),
    runs: points,
    teams,
    teamPoints,
    openGroups,
    projection: projectEta(
      completed.map((p) => ({ at: Date.parse(p.startedAt), passRate: p.passRate as number })),
      project.passRateTarget,
    ),
  };
}
