import type { ResultFilters, ResultSort } from "@/lib/domain/filters";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Category as DbCategory, ResultStatus as DbResultStatus } from "@/lib/generated/prisma/enums";
import { CATEGORIES, categoryFromDb, categoryToDb, type Category, type ResultStatus, type RunCounts } from "@/lib/domain/vocabulary";

export const RUNS_PAGE_SIZE = 50;
export const RESULTS_PAGE_SIZE = 50;

// ---------------------------------------------------------------- runs list

export interface RunListItem extends RunCounts {
  id: string;
  /** Reports still being ingested into this run in the background (an asynchronous upload), if any. */
  ingest: RunIngest | null;
  runKey: string;
  status: "open" | "complete";
  branch: string | null;
  commitSha: string | null;
  ciUrl: string | null;
  startedAt: string;
  durationMs: number | null;
  flaky: number;
}

export interface RunIngest {
  status: "queued" | "running";
  /** Bytes of the uploaded reports read so far, and in all (several jobs of one run add up). */
  bytesRead: number;
  bytesTotal: number;
  files: number;
  jobIds: string[];
}

interface IngestJobRow {
  id: string;
  status: string;
  progress: number;
  total: number;
  payload: unknown;
}

/** Queued or running ingest jobs, summed per run they fill (payload.runId, lib/db/ingest-jobs.ts). */
export function ingestsByRun(jobs: readonly IngestJobRow[]): Map<string, RunIngest> {
  const byRun = new Map<string, RunIngest>();
  for (const job of jobs) {
    if (job.status !== "queued" && job.status !== "running") continue;
    const payload = (job.payload ?? {}) as { runId?: unknown; files?: unknown };
    if (typeof payload.runId !== "string") continue;
    const files = Array.isArray(payload.files) ? payload.files.length : 0;
    const current = byRun.get(payload.runId);
    byRun.set(payload.runId, {
      status: current?.status === "running" || job.status === "running" ? "running" : "queued",
      bytesRead: (current?.bytesRead ?? 0) + Math.min(job.progress, job.total),
      bytesTotal: (current?.bytesTotal ?? 0) + job.total,
      files: (current?.files ?? 0) + files,
      jobIds: [...(current?.jobIds ?? []), job.id],
    });
  }
  return byRun;
}

/** A project's unfinished ingestions (a handful at most: they run one after another). */
async function activeIngests(prisma: PrismaClient, projectId: string): Promise<Map<string, RunIngest>> {
  const jobs = await prisma.job.findMany({
    where: { projectId, kind: "ingest", status: { in: ["queued", "running"] } },
    select: { id: true, status: true, progress: true, total: true, payload: true },
    orderBy: { createdAt: "asc" },
  });
  return ingestsByRun(jobs);
}

export interface RunList {
  branch: string | null;
  branches: string[];
  runs: RunListItem[];
  total: number;
  page: number;
  pageSize: number;
}

type RunRow = Awaited<ReturnType<PrismaClient["run"]["findFirstOrThrow"]>>;

function toRunListItem(run: RunRow, ingest: RunIngest | null = null): RunListItem {
  return {
    id: run.id,
    ingest,
    runKey: run.runKey,
    status: run.status,
    branch: run.branch,
    commitSha: run.commitSha,
    ciUrl: run.ciUrl,
    startedAt: run.startedAt.toISOString(),
    durationMs: run.durationMs,
    tests: run.tests,
    passed: run.passed,
    failed: run.failed,
    errors: run.errors,
    skipped: run.skipped,
    missing: run.missing,
    flaky: run.flaky,
    passRate: run.passRate,
  };
}

/** A project's runs, newest first, one page at a time; `branch` narrows to one branch. Null when the project does not exist. */
export async function listRuns(
  prisma: PrismaClient,
  slug: string,
  filters: { branch?: string; page?: number } = {},
): Promise<RunList | null> {
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) return null;
  const page = Math.max(1, filters.page ?? 1);
  const where = { projectId: project.id, ...(filters.branch ? { branch: filters.branch } : {}) };
  const [runs, total, branchRows, ingests] = await Promise.all([
    prisma.run.findMany({ where, orderBy: [{ startedAt: "desc" }, { id: "desc" }], skip: (page - 1) * RUNS_PAGE_SIZE, take: RUNS_PAGE_SIZE }),
    prisma.run.count({ where }),
    prisma.run.findMany({ where: { projectId: project.id }, distinct: ["branch"], select: { branch: true } }),
    activeIngests(prisma, project.id),
  ]);
  return {
    branch: filters.branch ?? null,
    branches: branchRows.map((b) => b.branch).filter((b): b is string => b !== null).sort(),
    runs: runs.map((run) => toRunListItem(run, ingests.get(run.id) ?? null)),
    total,
    page,
    pageSize: RUNS_PAGE_SIZE,
  };
}

// ---------------------------------------------------------------- run diff

export const DIFF_KINDS = ["newly-failing", "fixed", "still-failing", "newly-missing"] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

export interface DiffEntry {
  testId: string;
  testKey: string;
  file: string | null;
  /** Status in this run. */
  status: ResultStatus;
  /** Status in the previous run; null when the test was absent from it. */
  previousStatus: ResultStatus | null;
  category: Category | null;
  failureGroupId: string | null;
}

export interface RunDiff {
  previousRun: { id: string; runKey: string; startedAt: string } | null;
  counts: Record<DiffKind, number>;
  /** Up to `limit` tests per kind, ordered by test key. */
  entries: Record<DiffKind, DiffEntry[]>;
}

interface DiffRow {
  kind: DiffKind;
  testId: string;
  testKey: string;
  file: string | null;
  status: DbResultStatus;
  previousStatus: DbResultStatus | null;
  category: DbCategory | null;
  failureGroupId: string | null;
  total: number;
}

/**
 * What changed since the previous run on the same branch (the latest run on that branch that
 * started before this one), in one query over both runs' results. Not passing = failed, error
 * or missing; skipped counts as neither:
 * - newly failing: failed/error now, passed, skipped or absent before;
 * - fixed: passed now, not passing before;
 * - still failing: not passing both times (except what is newly missing);
 * - newly missing: missing now, reported (or absent) before.
 * Null when the run does not exist.
 */
export async function getRunDiff(prisma: PrismaClient, runId: string, options: { limit?: number } = {}): Promise<RunDiff | null> {
  const limit = options.limit ?? 200;
  const run = await prisma.run.findUnique({ where: { id: runId }, select: { projectId: true, branch: true, startedAt: true } });
  if (!run) return null;
  const previous = await prisma.run.findFirst({
    where: { projectId: run.projectId, branch: run.branch, startedAt: { lt: run.startedAt } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { id: true, runKey: true, startedAt: true },
  });
  const counts = Object.fromEntries(DIFF_KINDS.map((k) => [k, 0])) as Record<DiffKind, number>;
  const entries = Object.fromEntries(DIFF_KINDS.map((k) => [k, []])) as unknown as Record<DiffKind, DiffEntry[]>;
  if (!previous) return { previousRun: null, counts, entries };

  const rows = await prisma.$queryRawUnsafe<DiffRow[]>(
    `WITH pairs AS (
       SELECT cur."testId", cur.status, prev.status AS "previousStatus", cur.category, cur."failureGroupId",
         CASE
           WHEN cur.status = 'missing' AND prev.status IS DISTINCT FROM 'missing' THEN 'newly-missing'
           WHEN cur.status IN ('failed', 'error') AND (prev.status IS NULL OR prev.status IN ('passed', 'skipped')) THEN 'newly-failing'
           WHEN cur.status = 'passed' AND prev.status IN ('failed', 'error', 'missing') THEN 'fixed'
           WHEN cur.status IN ('failed', 'error', 'missing') AND prev.status IN ('failed', 'error', 'missing') THEN 'still-failing'
         END AS kind
       FROM results cur
       LEFT JOIN results prev ON prev."runId" = $2 AND prev."testId" = cur."testId"
       WHERE cur."runId" = $1
     ),
     ranked AS (
       SELECT p.*, t.key AS "testKey", t.file,
         row_number() OVER (PARTITION BY p.kind ORDER BY t.key) AS n,
         count(*) OVER (PARTITION BY p.kind)::int AS total
       FROM pairs p JOIN tests t ON t.id = p."testId"
       WHERE p.kind IS NOT NULL
     )
     SELECT kind, "testId", "testKey", file, status, "previousStatus", category, "failureGroupId", total
     FROM ranked WHERE n <= $3 ORDER BY kind, "testKey"`,
    runId,
    previous.id,
    limit,
  );
  for (const row of rows) {
    counts[row.kind] = row.total;
    entries[row.kind].push({
      testId: row.testId,
      testKey: row.testKey,
      file: row.file,
      status: row.status,
      previousStatus: row.previousStatus,
      category: row.category === null ? null : categoryFromDb(row.category),
      failureGroupId: row.failureGroupId,
    });
  }
  return { previousRun: { id: previous.id, runKey: previous.runKey, startedAt: previous.startedAt.toISOString() }, counts, entries };
}

// ---------------------------------------------------------------- run detail

export interface CategoryBreakdown {
  category: Category;
  failed: number;
  errors: number;
  missing: number;
  openGroups: number;
}

export interface TeamBreakdown {
  teamId: string;
  name: string;
  color: string;
  tests: number;
  passed: number;
  notPassing: number;
  skipped: number;
  passRate: number | null;
  openGroups: number;
}

export interface RunDetail {
  project: { slug: string; name: string };
  run: RunListItem & { completedAt: string | null; uploads: number };
  byCategory: CategoryBreakdown[];
  byTeam: TeamBreakdown[];
  diff: RunDiff;
}

/** One run of a project with its breakdowns (from rollups) and its diff. Null when either does not exist. */
export async function getRunDetail(prisma: PrismaClient, slug: string, runId: string): Promise<RunDetail | null> {
  const run = await prisma.run.findFirst({
    where: { id: runId, project: { slug } },
    include: { project: { select: { slug: true, name: true } }, _count: { select: { uploads: true } } },
  });
  if (!run) return null;
  const [rollups, teams, diff, ingests] = await Promise.all([
    prisma.runRollup.findMany({ where: { runId } }),
    prisma.team.findMany({ where: { projectId: run.projectId }, select: { id: true, name: true, color: true } }),
    getRunDiff(prisma, runId),
    activeIngests(prisma, run.projectId),
  ]);
  const teamById = new Map(teams.map((t) => [t.id, t]));
  const byCategory: CategoryBreakdown[] = [];
  const byTeam: TeamBreakdown[] = [];
  for (const r of rollups) {
    if (r.teamId === null && r.category !== null) {
      byCategory.push({ category: categoryFromDb(r.category), failed: r.failed, errors: r.errors, missing: r.missing, openGroups: r.openGroups });
    } else if (r.teamId !== null && r.category === null) {
      const team = teamById.get(r.teamId);
      const notPassing = r.failed + r.errors + r.missing;
      byTeam.push({
        teamId: r.teamId,
        name: team?.name ?? "Unknown team",
        color: team?.color ?? "#64748b",
        tests: r.tests,
        passed: r.passed,
        notPassing,
        skipped: r.skipped,
        passRate: r.passed + notPassing === 0 ? null : r.passed / (r.passed + notPassing),
        openGroups: r.openGroups,
      });
    }
  }
  byCategory.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));
  byTeam.sort((a, b) => a.name.localeCompare(b.name));
  return {
    project: run.project,
    run: { ...toRunListItem(run, ingests.get(run.id) ?? null), completedAt: run.completedAt?.toISOString() ?? null, uploads: run._count.uploads },
    byCategory,
    byTeam,
    diff: diff ?? { previousRun: null, counts: { "newly-failing": 0, fixed: 0, "still-failing": 0, "newly-missing": 0 }, entries: { "newly-failing": [], fixed: [], "still-failing": [], "newly-missing": [] } },
  };
}

// ---------------------------------------------------------------- results of a run

export { RESULT_SORTS, ResultFilters } from "@/lib/domain/filters";
export type { ResultSort } from "@/lib/domain/filters";

export interface ResultRow {
  id: number;
  testId: string;
  testKey: string;
  name: string;
  file: string | null;
  status: ResultStatus;
  durationMs: number | null;
  flaky: boolean;
  category: Category | null;
  /** First line of the message, cut at 300 characters. */
  message: string | null;
  failureGroupId: string | null;
}

export interface ResultPage {
  results: ResultRow[];
  total: number;
  page: number;
  pageSize: number;
}

/** A run's count of results with this status, from its figures. */
function figureOf(run: { passed: number; failed: number; errors: number; skipped: number; missing: number }, status: ResultStatus): number {
  switch (status) {
    case "passed":
      return run.passed;
    case "failed":
      return run.failed;
    case "error":
      return run.errors;
    case "skipped":
      return run.skipped;
    case "missing":
      return run.missing;
  }
}

// Failures first: the order a reader triages in.
const SEVERITY = `CASE r.status WHEN 'error' THEN 0 WHEN 'failed' THEN 1 WHEN 'missing' THEN 2 WHEN 'skipped' THEN 3 ELSE 4 END`;
const SORTED_BY: Record<ResultSort, string> = {
  status: `${SEVERITY}, t.key`,
  duration: `r."durationMs" DESC NULLS LAST, t.key`,
  name: `t.key`,
};
/** Escapes LIKE wildcards so a search for `test_a%` finds that text literally. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

type ResultDbRow = Omit<ResultRow, "status" | "category"> & { status: DbResultStatus; category: DbCategory | null };

const RESULT_COLUMNS = `r.id, r."testId", t.key AS "testKey", t.name, t.file, r.status, r."durationMs", r.flaky, r.category,
       left(split_part(r.message, E'\\n', 1), 300) AS message, r."failureGroupId"`;

/**
 * One page of a run's results, filtered and sorted in SQL so a 100,000-result run never leaves
 * the database whole, and read without going through all of it where the order allows:
 * - by name: tests in key order (the project's key index), each looked up in the run;
 * - by status: the results that did not pass come first (the partial index on status), then the
 *   passed ones in key order as by name;
 * - by duration: the page's last duration is found first, from the results alone, and only the
 *   results at least that slow are joined to their tests and sorted;
 * - a search goes through every key of the project anyway: one statement, counted as it goes.
 * The total comes from the run's figures when only the status narrows it (they are updated in
 * the transaction that stores the results), else from a count. Null when the run does not
 * belong to the project.
 */
export async function listRunResults(prisma: PrismaClient, slug: string, runId: string, filters: Partial<ResultFilters> = {}): Promise<ResultPage | null> {
  // Its statements see one snapshot: an upload committing between them (a shard of an open run)
  // would otherwise move the line between the parts, or the total, under the page. (On the
  // embedded database it starts once an upload's transaction has ended: connection.ts.)
  return prisma.$transaction((tx) => readRunResults(tx, slug, runId, filters), { isolationLevel: "RepeatableRead", timeout: 60_000 });
}

async function readRunResults(
  prisma: Pick<PrismaClient, "run" | "$queryRawUnsafe">,
  slug: string,
  runId: string,
  filters: Partial<ResultFilters>,
): Promise<ResultPage | null> {
  const run = await prisma.run.findFirst({
    where: { id: runId, project: { slug } },
    select: { projectId: true, tests: true, passed: true, failed: true, errors: true, skipped: true, missing: true },
  });
  if (!run) return null;
  const page = filters.page ?? 1;
  // Written into the statements' LIMIT and OFFSET.
  if (!Number.isSafeInteger(page) || page < 1) throw new RangeError(`page must be a whole number from 1, not ${page}`);
  const offset = (page - 1) * RESULTS_PAGE_SIZE;
  const sort = filters.sort ?? "status";
  // Conditions on the results alone, then on their tests: the duration bound reads only the first.
  const params: unknown[] = [runId];
  const onResults = [`r."runId" = $1`];
  if (filters.status) {
    params.push(filters.status);
    onResults.push(`r.status = $${params.length}::"ResultStatus"`);
  }
  if (filters.category) {
    params.push(categoryToDb(filters.category));
    onResults.push(`r.category = $${params.length}::"Category"`);
  }
  const resultParams = [...params];
  // The project keeps the key-ordered plans on its (projectId, key) index.
  params.push(run.projectId);
  const where = [...onResults, `t."projectId" = $${params.length}`];
  if (filters.q) {
    params.push(likePattern(filters.q));
    where.push(`t.key ILIKE $${params.length}`);
  }
  const from = `FROM results r JOIN tests t ON t.id = r."testId"`;
  const count = async (extra?: string) =>
    (await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n ${from} WHERE ${[...where, ...(extra ? [extra] : [])].join(" AND ")}`, ...params))[0]?.n ?? 0;
  const select = (extra: string | null, orderBy: string, limit: number, skip: number, extraValue?: unknown) =>
    prisma.$queryRawUnsafe<ResultDbRow[]>(
      `SELECT ${RESULT_COLUMNS} ${from} WHERE ${[...where, ...(extra ? [extra] : [])].join(" AND ")}
       ORDER BY ${orderBy}, r.id LIMIT ${limit} OFFSET ${skip}`,
      ...params,
      ...(extraValue === undefined ? [] : [extraValue]),
    );

  if (filters.q) {
    const found = await prisma.$queryRawUnsafe<(ResultDbRow & { total: number })[]>(
      `SELECT ${RESULT_COLUMNS}, count(*) OVER ()::int AS total ${from} WHERE ${where.join(" AND ")}
       ORDER BY ${SORTED_BY[sort]}, r.id LIMIT ${RESULTS_PAGE_SIZE} OFFSET ${offset}`,
      ...params,
    );
    // Past the last page the window count is unavailable; count separately so the pager can recover.
    const total = found[0]?.total ?? (page === 1 ? 0 : await count());
    return resultPage(found, total, page);
  }

  // Narrowed by status alone, the run's figures count it.
  const fromFigures = !filters.category;
  const total = fromFigures ? (filters.status ? figureOf(run, filters.status) : run.tests) : await count();
  let rows: ResultDbRow[] = [];
  if (offset >= total) rows = [];
  else if (sort === "name" || (sort === "status" && filters.status)) rows = await select(null, SORTED_BY.name, RESULTS_PAGE_SIZE, offset);
  else if (sort === "status") {
    const notPassed = fromFigures ? run.tests - run.passed : await count(`r.status <> 'passed'`);
    if (offset < notPassed) rows = await select(`r.status <> 'passed'`, SORTED_BY.status, RESULTS_PAGE_SIZE, offset);
    if (rows.length < RESULTS_PAGE_SIZE && offset + RESULTS_PAGE_SIZE > notPassed) {
      rows = rows.concat(await select(`r.status = 'passed'`, SORTED_BY.name, RESULTS_PAGE_SIZE - rows.length, Math.max(0, offset - notPassed)));
    }
  } else {
    // The duration of the page's last row in duration order, from the results alone: every row
    // of the page is at least that slow. Null (the page reaches results without a duration, or
    // is the last page): no bound.
    const [last] = await prisma.$queryRawUnsafe<{ durationMs: number | null }[]>(
      `SELECT r."durationMs" FROM results r WHERE ${onResults.join(" AND ")}
       ORDER BY r."durationMs" DESC NULLS LAST LIMIT 1 OFFSET ${offset + RESULTS_PAGE_SIZE - 1}`,
      ...resultParams,
    );
    const bound = last?.durationMs ?? null;
    rows = bound === null
      ? await select(null, SORTED_BY.duration, RESULTS_PAGE_SIZE, offset)
      : await select(`r."durationMs" >= $${params.length + 1}`, SORTED_BY.duration, RESULTS_PAGE_SIZE, offset, bound);
  }
  return resultPage(rows, total, page);
}

function resultPage(rows: ResultDbRow[], total: number, page: number): ResultPage {
  return {
    results: rows.map((row) => ({
      id: row.id,
      testId: row.testId,
      testKey: row.testKey,
      name: row.name,
      file: row.file,
      status: row.status,
      durationMs: row.durationMs,
      flaky: row.flaky,
      category: row.category === null ? null : categoryFromDb(row.category),
      message: row.message,
      failureGroupId: row.failureGroupId,
    })),
    total,
    page,
    pageSize: RESULTS_PAGE_SIZE,
  };
}
