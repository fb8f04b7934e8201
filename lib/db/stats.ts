// Project-level read models for the API: the projects list, stats series, badge figures, and the
// row streams behind the CSV exports.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Category, RunCounts } from "@/lib/domain/vocabulary";
import type { GroupFilters } from "@/lib/domain/filters";
import { getOverview } from "./overview";
import { listGroups, type GroupListItem } from "./triage";

const runCounts = (run: RunCounts): RunCounts => ({
  tests: run.tests,
  passed: run.passed,
  failed: run.failed,
  errors: run.errors,
  skipped: run.skipped,
  missing: run.missing,
  passRate: run.passRate,
});

// ---------------------------------------------------------------- projects

export interface ProjectSummary {
  id: string;
  slug: string;
  name: string;
  defaultBranch: string;
  passRateTarget: number;
  /** The newest run on the default branch. */
  latestRun: (RunCounts & { id: string; runKey: string; status: "open" | "complete"; branch: string | null; startedAt: string }) | null;
}

/** `only`: the ids a reader may see ("all" or omitted: every project). */
export async function listProjectSummaries(prisma: PrismaClient, only: string[] | "all" = "all"): Promise<ProjectSummary[]> {
  const projects = await prisma.project.findMany({ where: only === "all" ? {} : { id: { in: only } }, orderBy: { createdAt: "asc" } });
  return Promise.all(
    projects.map(async (project) => {
      const run = await prisma.run.findFirst({ where: { projectId: project.id, branch: project.defaultBranch }, orderBy: { startedAt: "desc" } });
      return {
        id: project.id,
        slug: project.slug,
        name: project.name,
        defaultBranch: project.defaultBranch,
        passRateTarget: project.passRateTarget,
        latestRun: run
          ? { id: run.id, runKey: run.runKey, status: run.status, branch: run.branch, startedAt: run.startedAt.toISOString(), ...runCounts(run) }
          : null,
      };
    }),
  );
}

// ---------------------------------------------------------------- stats

export const STATS_RUNS = 200;

export interface StatsPoint extends RunCounts {
  id: string;
  runKey: string;
  status: "open" | "complete";
  startedAt: string;
  byCategory: Record<Category, number>;
  byTeam: Record<string, { passRate: number | null; openGroups: number }>;
}

export interface ProjectStats {
  project: { slug: string; passRateTarget: number };
  branch: string;
  runs: StatsPoint[];
  teams: { id: string; name: string; color: string }[];
}

/** Series per run (oldest first, the latest STATS_RUNS on the branch), from the same rollups as the overview. Null when the project does not exist. */
export async function getProjectStats(prisma: PrismaClient, slug: string, branch?: string): Promise<ProjectStats | null> {
  const overview = await getOverview(prisma, slug, branch, STATS_RUNS);
  if (!overview) return null;
  const byTeam = new Map<string, StatsPoint["byTeam"]>();
  for (const point of overview.teamPoints) {
    const teams = byTeam.get(point.runId) ?? {};
    teams[point.teamId] = { passRate: point.passRate, openGroups: point.openGroups };
    byTeam.set(point.runId, teams);
  }
  return {
    project: { slug: overview.project.slug, passRateTarget: overview.project.passRateTarget },
    branch: overview.branch,
    runs: overview.runs.map((run) => ({
      id: run.id,
      runKey: run.runKey,
      status: run.status,
      startedAt: run.startedAt,
      ...runCounts(run),
      byCategory: run.byCategory,
      byTeam: byTeam.get(run.id) ?? {},
    })),
    teams: overview.teams,
  };
}

// ---------------------------------------------------------------- badge

/** The pass rate a badge shows: the newest completed run on the default branch, else the newest run. Null when the project does not exist. */
export async function getBadgePassRate(prisma: PrismaClient, slug: string): Promise<{ passRate: number | null; target: number } | null> {
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true, defaultBranch: true, passRateTarget: true } });
  if (!project) return null;
  const where = { projectId: project.id, branch: project.defaultBranch };
  const run =
    (await prisma.run.findFirst({ where: { ...where, status: "complete" }, orderBy: { startedAt: "desc" }, select: { passRate: true } })) ??
    (await prisma.run.findFirst({ where, orderBy: { startedAt: "desc" }, select: { passRate: true } }));
  return { passRate: run?.passRate ?? null, target: project.passRateTarget };
}

// ---------------------------------------------------------------- CSV rows

export const RUN_CSV_COLUMNS = [
  "id", "runKey", "status", "branch", "commitSha", "ciUrl", "startedAt", "completedAt",
  "tests", "passed", "failed", "errors", "skipped", "missing", "flaky", "passRate", "durationMs",
] as const;

const BATCH = 500;

/**
 * Every run of a project (or of one branch), newest first, read in keyset-paginated batches so an
 * export of years of runs never sits in memory. Null when the project does not exist.
 */
export async function streamRunRows(prisma: PrismaClient, slug: string, branch?: string): Promise<AsyncGenerator<unknown[]> | null> {
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) return null;
  return (async function* () {
    let cursor: string | undefined;
    for (;;) {
      const runs = await prisma.run.findMany({
        where: { projectId: project.id, ...(branch ? { branch } : {}) },
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        take: BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      for (const r of runs) {
        yield [r.id, r.runKey, r.status, r.branch, r.commitSha, r.ciUrl, r.startedAt.toISOString(), r.completedAt?.toISOString() ?? null,
          r.tests, r.passed, r.failed, r.errors, r.skipped, r.missing, r.flaky, r.passRate, r.durationMs];
      }
      if (runs.length < BATCH) return;
      cursor = runs[runs.length - 1]?.id;
    }
  })();
}

export const GROUP_CSV_COLUMNS = [
  "id", "title", "category", "failureType", "status", "regressed", "affectedTests", "occurrences", "impact",
  "assignee", "externalIssueUrl", "firstSeenAt", "lastSeenAt",
] as const;

/** Every failure group matching the filters, most impactful first, a page at a time. Null when the project does not exist. */
export async function streamGroupRows(prisma: PrismaClient, slug: string, filters: Omit<Partial<GroupFilters>, "page">): Promise<AsyncGenerator<unknown[]> | null> {
  // One clock for every page: impact decays with time, and a moving clock could reorder pages.
  const now = new Date();
  const first = await listGroups(prisma, slug, { ...filters, page: 1 }, now);
  if (!first) return null;
  const row = (g: GroupListItem) => [g.id, g.title, g.category, g.failureType, g.status, g.regressed, g.affectedTests, g.occurrences,
    Math.round(g.impact * 1000) / 1000, g.assignee?.name ?? null, g.externalIssueUrl, g.firstSeenAt, g.lastSeenAt];
  return (async function* () {
    let page = first;
    for (let n = 1; ; n++) {
      for (const group of page.groups) yield row(group);
      if (n * page.pageSize >= page.total || page.groups.length === 0) return;
      const next = await listGroups(prisma, slug, { ...filters, page: n + 1 }, now);
      if (!next) return;
      page = next;
    }
  })();
}
