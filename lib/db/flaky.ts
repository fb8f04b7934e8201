// Flaky tests of a branch, each with the evidence that makes it flaky (PRODUCT.md, issue 4):
// - retries: in a run, its attempts disagreed (a rerun passed after a failure: results.flaky);
// - same commit: it both passed and failed on one commit, in different runs;
// - flip rate: over the branch's last runs it switched between passing and not passing often.
import type { PrismaClient } from "@/lib/generated/prisma/client";

/** Runs of the branch looked at, newest first. */
export const FLAKY_WINDOW_RUNS = 20;
/**
 * Flip rate above which a test is flaky: status changes (passed ↔ failed/error) between
 * consecutive runs divided by the number of consecutive pairs. A constant until a project needs
 * its own: 0.3 means roughly one change in three runs, far above a test that broke and was fixed once.
 */
export const FLIP_RATE_THRESHOLD = 0.3;
/** Fewer observations than this say nothing about a rate (one fix in 2 runs would be a rate of 1). */
export const FLIP_RATE_MIN_RUNS = 5;

export type FlakyReason = "retries" | "same-commit" | "flip-rate";

export interface FlakyTest {
  testId: string;
  key: string;
  name: string;
  file: string | null;
  reasons: FlakyReason[];
  evidence: {
    /** Runs in the window where the test's attempts disagreed. */
    retriedRuns: number;
    /** Commits on which the test both passed and failed. */
    sameCommitFailures: string[];
    /** Passed/not-passed changes between consecutive runs, out of `transitions`. */
    flips: number;
    transitions: number;
    flipRate: number | null;
  };
  /** Runs of the window that reported the test as passed, failed or error. */
  observedRuns: number;
  lastStatus: string;
  lastRunKey: string;
}

export interface FlakyTestList {
  branch: string | null;
  runs: number;
  threshold: number;
  tests: FlakyTest[];
}

interface Row {
  testId: string;
  key: string;
  name: string;
  file: string | null;
  observed: number;
  flips: number;
  retried: number;
  commits: string[] | null;
  lastStatus: string;
  lastRunKey: string;
}

/** Skipped and missing results are not outcomes of the test's code: they neither flip nor pass. */
export async function listFlakyTests(prisma: PrismaClient, projectId: string, branch: string | null): Promise<FlakyTestList> {
  const [{ runs } = { runs: 0 }] = await prisma.$queryRawUnsafe<{ runs: number }[]>(
    `SELECT count(*)::int AS runs FROM (SELECT 1 FROM runs WHERE "projectId" = $1 AND branch IS NOT DISTINCT FROM $2 LIMIT $3) w`,
    projectId,
    branch,
    FLAKY_WINDOW_RUNS,
  );
  const rows = await prisma.$queryRawUnsafe<Row[]>(
    `WITH window_runs AS (
       SELECT id, "runKey", "startedAt", "commitSha" FROM runs
       WHERE "projectId" = $1 AND branch IS NOT DISTINCT FROM $2
       ORDER BY "startedAt" DESC LIMIT $3
     ),
     outcomes AS (
       SELECT r."testId", w."runKey", w."startedAt", w."commitSha", r.status::text AS status, r.flaky, r.status = 'passed' AS passed
       FROM results r JOIN window_runs w ON w.id = r."runId"
       WHERE r.status IN ('passed', 'failed', 'error')
     ),
     sequenced AS (
       SELECT *, lag(passed) OVER (PARTITION BY "testId" ORDER BY "startedAt") AS previous FROM outcomes
     ),
     per_test AS (
       SELECT "testId", count(*)::int AS observed,
         count(*) FILTER (WHERE previous IS NOT NULL AND previous <> passed)::int AS flips,
         count(*) FILTER (WHERE flaky)::int AS retried,
         (array_agg(status ORDER BY "startedAt" DESC))[1] AS "lastStatus",
         (array_agg("runKey" ORDER BY "startedAt" DESC))[1] AS "lastRunKey"
       FROM sequenced GROUP BY "testId"
     ),
     same_commit AS (
       SELECT "testId", array_agg("commitSha" ORDER BY "commitSha") AS commits FROM (
         SELECT "testId", "commitSha" FROM outcomes WHERE "commitSha" IS NOT NULL
         GROUP BY "testId", "commitSha" HAVING bool_or(passed) AND bool_or(NOT passed)
       ) c GROUP BY "testId"
     )
     SELECT t.id AS "testId", t.key, t.name, t.file, p.observed, p.flips, p.retried, s.commits, p."lastStatus", p."lastRunKey"
     FROM per_test p
     JOIN tests t ON t.id = p."testId"
     LEFT JOIN same_commit s ON s."testId" = p."testId"
     WHERE p.retried > 0 OR s.commits IS NOT NULL
        OR (p.observed >= $4 AND p.flips::float8 / (p.observed - 1) > $5)`,
    projectId,
    branch,
    FLAKY_WINDOW_RUNS,
    FLIP_RATE_MIN_RUNS,
    FLIP_RATE_THRESHOLD,
  );
  const tests = rows.map((row): FlakyTest => {
    const transitions = Math.max(0, row.observed - 1);
    const flipRate = transitions > 0 ? row.flips / transitions : null;
    const reasons: FlakyReason[] = [];
    if (row.retried > 0) reasons.push("retries");
    if (row.commits && row.commits.length > 0) reasons.push("same-commit");
    if (row.observed >= FLIP_RATE_MIN_RUNS && flipRate !== null && flipRate > FLIP_RATE_THRESHOLD) reasons.push("flip-rate");
    return {
      testId: row.testId,
      key: row.key,
      name: row.name,
      file: row.file,
      reasons,
      evidence: { retriedRuns: row.retried, sameCommitFailures: row.commits ?? [], flips: row.flips, transitions, flipRate },
      observedRuns: row.observed,
      lastStatus: row.lastStatus,
      lastRunKey: row.lastRunKey,
    };
  });
  tests.sort(
    (a, b) =>
      b.reasons.length - a.reasons.length ||
      (b.evidence.flipRate ?? 0) - (a.evidence.flipRate ?? 0) ||
      b.evidence.retriedRuns - a.evidence.retriedRuns ||
      a.key.localeCompare(b.key),
  );
  return { branch, runs, threshold: FLIP_RATE_THRESHOLD, tests };
}
