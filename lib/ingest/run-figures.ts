import type { Db } from "./sql";
import { groupsOfRun, loadOwnershipRulebook, pathOwnedTestsOfRun, reassignGroups, type OwnershipRulebook } from "./team-ownership";

/**
 * Recomputes a run's totals and its rollups from its results. Called after every upload
 * (provisional figures while the run is open) and at completion (final figures, missing
 * tests included). Dashboards read only these rows, never raw results. The run's failure groups
 * not assigned by hand get the owner the ownership rules decide first (a group's owner by path
 * depends on its tests, which an upload may have added to). `rollups: false` leaves the rollups
 * to the caller (reclassification refreshes them for every run the change reaches). Returns the
 * groups whose assignee changed.
 */
export async function refreshRunFigures(
  tx: Db,
  runId: string,
  options: { rulebook?: OwnershipRulebook; now?: Date; rollups?: boolean } = {},
): Promise<{ reassigned: string[] }> {
  const [run] = await tx.$queryRawUnsafe<{ projectId: string }[]>(
    `UPDATE runs SET
       tests   = t.tests,
       passed  = t.passed,
       failed  = t.failed,
       errors  = t.errors,
       skipped = t.skipped,
       missing = t.missing,
       flaky   = t.flaky,
       "durationMs" = t.duration,
       "passRate" = CASE WHEN t.passed + t.failed + t.errors + t.missing = 0 THEN NULL
                    ELSE t.passed::float8 / (t.passed + t.failed + t.errors + t.missing) END
     FROM (
       SELECT count(*)::int AS tests,
              count(*) FILTER (WHERE status = 'passed')::int  AS passed,
              count(*) FILTER (WHERE status = 'failed')::int  AS failed,
              count(*) FILTER (WHERE status = 'error')::int   AS errors,
              count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              count(*) FILTER (WHERE status = 'missing')::int AS missing,
              count(*) FILTER (WHERE flaky)::int              AS flaky,
              sum("durationMs") AS duration
       FROM results WHERE "runId" = $1
     ) t
     WHERE runs.id = $1
     RETURNING runs."projectId"`,
    runId,
  );
  if (!run) return { reassigned: [] };
  // Read once: counted, reassigned and (in the rollups) checked for being open, each went through
  // the run's failing results for them again (~8–15 ms a time per 10,000, server logs, ad hoc).
  const groups = await groupsOfRun(tx, runId);
  await refreshGroupCounts(tx, groups);
  const rulebook = options.rulebook ?? (await loadOwnershipRulebook(tx, run.projectId));
  const { changed } = await reassignGroups(tx, run.projectId, groups, rulebook, options.now ?? new Date());
  if (options.rollups !== false) await refreshRunRollups(tx, runId, rulebook, groups);
  return { reassigned: changed };
}

/**
 * affectedTests of the groups a run touches (groupsOfRun): distinct tests over all runs, each
 * group counted through the group index. Written as one join with the run's results, the planner
 * — with statistics that do not know the rows this transaction just added — hashed the run's
 * groups against a scan of every result in the database (EXPLAIN, ad hoc).
 */
async function refreshGroupCounts(tx: Db, groups: readonly string[]): Promise<void> {
  if (groups.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE failure_groups g SET "affectedTests" = (SELECT count(DISTINCT r."testId")::int FROM results r WHERE r."failureGroupId" = g.id)
     WHERE g.id = ANY($1::text[])`,
    [...groups],
  );
}

const COUNT_COLUMNS = `
  count(*)::int,
  count(*) FILTER (WHERE r.status = 'passed')::int,
  count(*) FILTER (WHERE r.status = 'failed')::int,
  count(*) FILTER (WHERE r.status = 'error')::int,
  count(*) FILTER (WHERE r.status = 'skipped')::int,
  count(*) FILTER (WHERE r.status = 'missing')::int,
  count(*) FILTER (WHERE r.flaky)::int`;

const ROLLUP_INSERT = `INSERT INTO run_rollups ("runId", "projectId", branch, "runStartedAt", "teamId", category,
  tests, passed, failed, errors, skipped, missing, flaky, "openGroups")`;

/**
 * Rollup rows of one run, replaced together:
 * - team NULL, category NULL: the whole run;
 * - team NULL, category C: non-passing results of cause C;
 * - team T, category NULL: the team's scope — the tests of this run T owns by path, plus every
 *   test whose failures were assigned to T (by category, path or hand) in this or an earlier run on
 *   the same branch (PRODUCT.md), so a team's pass rate climbs as it fixes them;
 *   `openGroups` = T's failure groups open in this run (the burndown).
 * `openGroups` counts the groups open as of this run (openGroupsOfRun), never by their status
 * today: a run recomputed later (rule or ownership change) keeps the groups since fixed.
 */
export async function refreshRunRollups(tx: Db, runId: string, rulebook: OwnershipRulebook, groups?: readonly string[]): Promise<void> {
  const { pairs } = await pathOwnedTestsOfRun(tx, runId, rulebook);
  const open = await openGroupsOfRun(tx, runId, groups ?? (await groupsOfRun(tx, runId)));
  await tx.$executeRawUnsafe(`DELETE FROM run_rollups WHERE "runId" = $1`, runId);
  // The whole run: the totals refreshRunFigures keeps on the run's row (every change to a run's
  // results refreshes them first), not a second count of its results.
  await tx.$executeRawUnsafe(
    `${ROLLUP_INSERT}
     SELECT ru.id, ru."projectId", ru.branch, ru."startedAt", NULL, NULL,
       ru.tests, ru.passed, ru.failed, ru.errors, ru.skipped, ru.missing, ru.flaky, cardinality($2::text[])
     FROM runs ru
     WHERE ru.id = $1`,
    runId,
    open,
  );
  await tx.$executeRawUnsafe(
    `${ROLLUP_INSERT}
     SELECT ru.id, ru."projectId", ru.branch, ru."startedAt", NULL, r.category, ${COUNT_COLUMNS},
       count(DISTINCT r."failureGroupId") FILTER (WHERE r."failureGroupId" = ANY($2::text[]))::int
     FROM runs ru JOIN results r ON r."runId" = ru.id
     -- Only failing results have a category; saying so lets the partial (runId, status) index serve.
     WHERE ru.id = $1 AND r.category IS NOT NULL AND r.status <> 'passed'
     GROUP BY ru.id, r.category`,
    runId,
    open,
  );
  await tx.$executeRawUnsafe(
    `WITH this_run AS (SELECT id, "projectId", branch, "startedAt" FROM runs WHERE id = $1),
     scope AS (
       SELECT DISTINCT r."testId", g."assigneeTeamId" AS "teamId"
       FROM results r
       JOIN failure_groups g ON g.id = r."failureGroupId"
       JOIN runs ru ON ru.id = r."runId"
       JOIN this_run t ON ru."projectId" = t."projectId" AND ru.branch IS NOT DISTINCT FROM t.branch AND ru."startedAt" <= t."startedAt"
       WHERE g."assigneeTeamId" IS NOT NULL
       ${
         // Without path-owned tests, not even planned: with statistics taken before the run's
         // results came (always, during its completion), the planner estimated one result for
         // the run and probed tests for each of its 100,000 before joining the empty list
         // (~0.15 s, EXPLAIN ANALYZE, ad hoc).
         pairs.length === 0
           ? ""
           : `UNION
       SELECT r."testId", p."teamId"
       FROM results r
       JOIN tests te ON te.id = r."testId"
       JOIN jsonb_to_recordset($3::jsonb) AS p(file text, classname text, "teamId" text)
         ON te.file IS NOT DISTINCT FROM p.file AND te.classname IS NOT DISTINCT FROM p.classname
       WHERE r."runId" = $1`
       }
     )
     ${ROLLUP_INSERT}
     SELECT t.id, t."projectId", t.branch, t."startedAt", s."teamId", NULL, ${COUNT_COLUMNS},
       count(DISTINCT r."failureGroupId") FILTER (WHERE r."failureGroupId" = ANY($2::text[]) AND g."assigneeTeamId" = s."teamId")::int
     FROM this_run t
     JOIN scope s ON true
     JOIN results r ON r."runId" = t.id AND r."testId" = s."testId"
     LEFT JOIN failure_groups g ON g.id = r."failureGroupId"
     GROUP BY t.id, t."projectId", t.branch, t."startedAt", s."teamId"`,
    runId,
    open,
    ...(pairs.length === 0 ? [] : [JSON.stringify(pairs)]),
  );
}

/**
 * The failure groups open in a run: those with failing (failed, error, missing) results in it,
 * unless the group was triaged `expected` or `ignored` at that run. "At that run" is when the run
 * was completed (its final figures were taken then), read back from the group's status trail
 * (`status` triage events: the last one by then, else the state the first later one changed
 * from, else the group's status now); a run still open uses the status now. A group `fixed` or
 * `resolved` since still counts: it was failing in that run (ingestion turns a fixed/resolved
 * group failing again back to `new`), so rollups recomputed later keep the burndown's history.
 * `groups` are the run's groups (groupsOfRun): those of its failed, error and missing results,
 * the only ones ever grouped.
 */
async function openGroupsOfRun(db: Db, runId: string, groups: readonly string[]): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT g.id
     FROM failure_groups g JOIN runs ru ON ru.id = $1
     WHERE g.id = ANY($2::text[])
       AND CASE WHEN ru."completedAt" IS NULL THEN g.status::text
           ELSE COALESCE(
             (SELECT e."toValue" FROM triage_events e
              WHERE e."failureGroupId" = g.id AND e.action = 'status' AND e."createdAt" <= ru."completedAt"
              ORDER BY e."createdAt" DESC LIMIT 1),
             (SELECT e."fromValue" FROM triage_events e
              WHERE e."failureGroupId" = g.id AND e.action = 'status' AND e."createdAt" > ru."completedAt"
              ORDER BY e."createdAt" LIMIT 1),
             g.status::text)
           END NOT IN ('expected', 'ignored')`,
    runId,
    [...groups],
  );
  return rows.map((r) => r.id);
}
