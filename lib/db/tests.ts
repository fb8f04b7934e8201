// A test's history across runs, and the flaky tests list (PRODUCT.md: Tests).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Category as DbCategory, GroupStatus as DbGroupStatus } from "@/lib/generated/prisma/enums";
import { categoryFromDb, passRate, type Category, type GroupStatus, type ResultStatus } from "@/lib/domain/vocabulary";

export const TEST_HISTORY_RUNS = 50;

/** The project's branches that have runs, sorted (branch selectors). */
export async function listBranches(prisma: PrismaClient, projectId: string): Promise<string[]> {
  const rows = await prisma.run.findMany({ where: { projectId }, distinct: ["branch"], select: { branch: true } });
  return rows.map((b) => b.branch).filter((b): b is string => b !== null).sort();
}

// ---------------------------------------------------------------- one test

export interface TestHistoryPoint {
  runId: string;
  runKey: string;
  runStatus: "open" | "complete";
  startedAt: string;
  status: ResultStatus;
  durationMs: number | null;
  flaky: boolean;
  attempts: number;
  category: Category | null;
  message: string | null;
  failureGroupId: string | null;
}

export interface TestGroupRef {
  id: string;
  title: string;
  category: Category;
  status: GroupStatus;
  /** Results of this test in the group, all branches. */
  occurrences: number;
  lastSeenAt: string;
}

export interface TestDetail {
  project: { slug: string; name: string };
  test: { id: string; key: string; name: string; classname: string | null; suite: string | null; file: string | null; retiredAt: string | null; firstSeenAt: string; lastSeenAt: string | null };
  branch: string;
  branches: string[];
  /** The test's results in the latest runs on the branch, oldest first. */
  history: TestHistoryPoint[];
  summary: { runs: number; passed: number; failed: number; errors: number; skipped: number; missing: number; passRate: number | null; medianDurationMs: number | null };
  flaky: {
    /** Runs in the history where the test failed and then passed on a retry. */
    flakyRuns: number;
    /** Pass ↔ fail changes between consecutive runs in the history: flipping without a code change is the other sign of flakiness. */
    flips: number;
  };
  groups: TestGroupRef[];
}

interface HistoryRow {
  runId: string;
  runKey: string;
  runStatus: "open" | "complete";
  startedAt: Date;
  status: ResultStatus;
  durationMs: number | null;
  flaky: boolean;
  attempts: number;
  category: DbCategory | null;
  message: string | null;
  failureGroupId: string | null;
}

const isFailing = (s: ResultStatus) => s === "failed" || s === "error" || s === "missing";

/** Pass ↔ fail changes between consecutive results; skipped results neither count nor break a sequence. */
export function countFlips(statuses: readonly ResultStatus[]): number {
  let flips = 0;
  let previous: boolean | undefined;
  for (const status of statuses) {
    if (status === "skipped") continue;
    const failing = isFailing(status);
    if (previous !== undefined && previous !== failing) flips++;
    previous = failing;
  }
  return flips;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One test's history on a branch (default: the project's default branch). Null when the test is not the project's. */
export async function getTestDetail(
  prisma: PrismaClient,
  slug: string,
  testId: string,
  options: { branch?: string; runs?: number } = {},
): Promise<TestDetail | null> {
  const test = await prisma.test.findFirst({ where: { id: testId, project: { slug } }, include: { project: { select: { id: true, slug: true, name: true, defaultBranch: true } } } });
  if (!test) return null;
  const branch = options.branch ?? test.project.defaultBranch;
  const [branches, rows, groups, [seen]] = await Promise.all([
    listBranches(prisma, test.projectId),
    prisma.$queryRawUnsafe<HistoryRow[]>(
      `SELECT * FROM (
         SELECT ru.id AS "runId", ru."runKey", ru.status::text AS "runStatus", ru."startedAt", r.status::text AS status, r."durationMs",
           r.flaky, r.attempts, r.category, left(split_part(r.message, E'\\n', 1), 300) AS message, r."failureGroupId"
         FROM results r JOIN runs ru ON ru.id = r."runId"
         WHERE r."testId" = $1 AND ru.branch = $2
         ORDER BY ru."startedAt" DESC, ru.id DESC LIMIT $3
       ) latest ORDER BY "startedAt", "runId"`,
      test.id,
      branch,
      options.runs ?? TEST_HISTORY_RUNS,
    ),
    prisma.$queryRawUnsafe<{ id: string; title: string; category: DbCategory; status: DbGroupStatus; occurrences: number; lastSeenAt: Date }[]>(
      `SELECT g.id, g.title, g.category, g.status, count(*)::int AS occurrences, max(ru."startedAt") AS "lastSeenAt"
       FROM results r JOIN failure_groups g ON g.id = r."failureGroupId" JOIN runs ru ON ru.id = r."runId"
       WHERE r."testId" = $1
       GROUP BY g.id ORDER BY max(ru."startedAt") DESC LIMIT 50`,
      test.id,
    ),
    // Derived, not stored: a column would be rewritten for every test on every upload. A `missing` result is not a sighting.
    prisma.$queryRawUnsafe<{ lastSeenAt: Date | null }[]>(
      `SELECT max(ru."startedAt") AS "lastSeenAt" FROM results r JOIN runs ru ON ru.id = r."runId" WHERE r."testId" = $1 AND r.status <> 'missing'`,
      test.id,
    ),
  ]);
  const history: TestHistoryPoint[] = rows.map((r) => ({
    ...r,
    startedAt: r.startedAt.toISOString(),
    category: r.category ? categoryFromDb(r.category) : null,
  }));
  const count = (status: ResultStatus) => history.filter((h) => h.status === status).length;
  const counts = { passed: count("passed"), failed: count("failed"), errors: count("error"), skipped: count("skipped"), missing: count("missing") };
  return {
    project: { slug: test.project.slug, name: test.project.name },
    test: {
      id: test.id,
      key: test.key,
      name: test.name,
      classname: test.classname,
      suite: test.suite,
      file: test.file,
      retiredAt: test.retiredAt?.toISOString() ?? null,
      firstSeenAt: test.firstSeenAt.toISOString(),
      lastSeenAt: seen?.lastSeenAt?.toISOString() ?? null,
    },
    branch,
    branches: [...new Set([branch, ...branches])].sort(),
    history,
    summary: {
      runs: history.length,
      ...counts,
      passRate: passRate(counts),
      medianDurationMs: median(history.map((h) => h.durationMs).filter((d): d is number => d !== null)),
    },
    flaky: { flakyRuns: history.filter((h) => h.flaky).length, flips: countFlips(history.map((h) => h.status)) },
    groups: groups.map((g) => ({ ...g, category: categoryFromDb(g.category), lastSeenAt: g.lastSeenAt.toISOString() })),
  };
}
