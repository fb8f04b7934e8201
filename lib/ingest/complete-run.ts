import { randomUUID } from "node:crypto";
import { afterBulkWrite } from "@/lib/db/maintenance";
import { lockProjectWrites } from "@/lib/db/project-lock";
import { loadProjectClassifier } from "@/lib/db/rules";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { FILE_TEST_KEY_LIKE, fileTestKey, isReported } from "@/lib/domain/test-files";
import type { Classification, Classifier } from "./classifier";
import { IngestError } from "./errors";
import { refreshRunFigures } from "./run-figures";
import { insertRows, type Db } from "./sql";

export interface CompleteRunResult {
  runId: string;
  missing: number;
  resolvedGroups: number;
}

/**
 * Closes a run and computes what needs the whole run: tests missing compared with recent
 * completed runs on the same branch, groups resolved by absence, and the final figures.
 * Idempotent: completing a complete run recomputes the same figures.
 */
export async function completeRun(
  prisma: PrismaClient,
  runId: string,
  options: { classifier: Classifier; now?: Date; actor?: string },
): Promise<CompleteRunResult> {
  const result = await prisma.$transaction(
    async (tx) => {
      // The project's writers go one at a time (lockProjectWrites): completion adds missing
      // results, file stand-in tests and group changes, as an upload does. An upload that
      // completes its run already holds the lock (completeRunInTransaction).
      const [run] = await tx.$queryRawUnsafe<{ projectId: string }[]>(`SELECT "projectId" FROM runs WHERE id = $1`, runId);
      if (run) await lockProjectWrites(tx, run.projectId);
      return completeRunInTransaction(tx, runId, options);
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
  await afterBulkWrite(prisma);
  return result;
}

/** completeRun inside a transaction the caller holds (an upload that completes its run). */
export async function completeRunInTransaction(
  tx: Db,
  runId: string,
  options: { classifier: Classifier; now?: Date; actor?: string },
): Promise<CompleteRunResult> {
  const now = options.now ?? new Date();
  const [run] = await tx.$queryRawUnsafe<
    { id: string; projectId: string; branch: string | null; startedAt: Date; window: number; resolveAfter: number }[]
  >(
    `SELECT ru.id, ru."projectId", ru.branch, ru."startedAt", p."missingTestWindow" AS "window", p."resolveAfterRuns" AS "resolveAfter"
     FROM runs ru JOIN projects p ON p.id = ru."projectId" WHERE ru.id = $1 FOR UPDATE OF ru`,
    runId,
  );
  if (!run) throw new IngestError("run-not-found", `Run ${runId} does not exist`);
  const missing =
    (await recordMissingTests(tx, run, options.classifier, now)) + (await recordMissingTestFiles(tx, run, options.classifier, now));
  await tx.$executeRawUnsafe(
    `UPDATE runs SET status = 'complete', "completedAt" = COALESCE("completedAt", $2) WHERE id = $1`,
    runId,
    now,
  );
  const resolvedGroups = await resolveAbsentGroups(tx, run, options.actor ?? "system", now);
  await refreshRunFigures(tx, runId);
  return { runId, missing, resolvedGroups };
}

interface RunRow {
  id: string;
  projectId: string;
  branch: string | null;
  startedAt: Date;
  window: number;
  resolveAfter: number;
}

/**
 * A test reported by any of the last `missingTestWindow` completed runs on this branch (missing
 * there counts too, so a vanished test stays visible until it returns or is retired) and absent
 * from this run is stored as a `missing` result, category commented-out, grouped per file.
 */
async function recordMissingTests(tx: Db, run: RunRow, classifier: Classifier, now: Date): Promise<number> {
  const vanished = await tx.$queryRawUnsafe<{ id: string; name: string; classname: string | null; file: string | null; suite: string | null }[]>(
    // The set difference of test ids first, then the few vanished tests read: checking each of the
    // recent runs' results against this run and its test one by one took ~0.4 s per 100,000.
    `WITH recent AS (
       SELECT id FROM runs
       WHERE "projectId" = $1 AND branch IS NOT DISTINCT FROM $2 AND status = 'complete' AND id <> $3 AND "startedAt" <= $4
       ORDER BY "startedAt" DESC LIMIT $5
     ), gone AS (
       SELECT r."testId" AS id FROM results r WHERE r."runId" IN (SELECT id FROM recent)
       EXCEPT
       -- Not read at all when there is no recent run (a branch's first): a one-time filter.
       SELECT mine."testId" FROM results mine WHERE mine."runId" = $3 AND EXISTS (SELECT 1 FROM recent)
     )
     SELECT t.id, t.name, t.classname, t.file, t.suite
     FROM gone JOIN tests t ON t.id = gone.id
     WHERE t."retiredAt" IS NULL AND t.key NOT LIKE '${FILE_TEST_KEY_LIKE}'
     ORDER BY t.id`,
    run.projectId,
    run.branch,
    run.id,
    run.startedAt,
    run.window,
  );
  if (vanished.length === 0) return 0;
  const verdicts = vanished.map((test) => {
    const where = test.file ?? test.classname ?? test.suite ?? "its file";
    return {
      test,
      verdict: classifier.classify({
        status: "missing",
        type: null,
        message: `Test no longer reported: ${where} reported it in recent runs on this branch and did not in this run`,
        trace: null,
        file: test.file,
        name: test.name,
        classname: test.classname,
      }),
    };
  });
  return storeMissingResults(
    tx,
    run,
    verdicts.map(({ test, verdict }) => ({ testId: test.id, message: verdict.title, verdict })),
    now,
  );
}

/**
 * Test files the uploader listed (`--test-files`) that produced no test case in this run: one
 * `missing` result each, on a stand-in test `<file>::(file)`, saying whether the file's code is
 * all commented out. Stand-in tests are left out of the recent-runs comparison above: only the
 * run's own file list reports them, so a restored file stops being missing at once.
 */
async function recordMissingTestFiles(tx: Db, run: RunRow, classifier: Classifier, now: Date): Promise<number> {
  const listed = await tx.$queryRawUnsafe<{ path: string; commentedOut: boolean | null }[]>(
    `SELECT path, "commentedOut" FROM run_test_files WHERE "runId" = $1 ORDER BY path`,
    run.id,
  );
  if (listed.length === 0) return 0;
  const reportedRows = await tx.$queryRawUnsafe<{ file: string }[]>(
    `SELECT DISTINCT t.file FROM results r JOIN tests t ON t.id = r."testId"
     WHERE r."runId" = $1 AND t.file IS NOT NULL AND t.key NOT LIKE '${FILE_TEST_KEY_LIKE}'`,
    run.id,
  );
  const reported = new Set(reportedRows.map((r) => r.file.replace(/\\/g, "/")));
  const silent = listed.filter((f) => !isReported(f.path, reported));
  if (silent.length === 0) return 0;
  const tests = await insertRows<(typeof silent)[number], { id: string; key: string; retired: boolean }>(tx, silent, {
    prefix: `INSERT INTO tests (id, "projectId", key, name, file, "firstSeenAt")`,
    columns: 4,
    row: (f) => `(gen_random_uuid()::text, $${f}, $${f + 1}, '(file)', $${f + 2}, $${f + 3}::timestamptz)`,
    values: (file) => [run.projectId, fileTestKey(file.path), file.path, now],
    // DO UPDATE rather than DO NOTHING so that RETURNING also gives back the stand-ins that already exist.
    suffix: `ON CONFLICT ("projectId", key) DO UPDATE SET "firstSeenAt" = LEAST(tests."firstSeenAt", EXCLUDED."firstSeenAt")
      RETURNING id, key, "retiredAt" IS NOT NULL AS retired`,
  });
  const byKey = new Map(tests.map((t) => [t.key, t]));
  const items = silent.flatMap((file) => {
    const test = byKey.get(fileTestKey(file.path));
    // A retired stand-in: the file was declared empty on purpose.
    if (!test || test.retired) return [];
    const message =
      file.commentedOut === true
        ? `Test file reported 0 tests: ${file.path} — all code in the file is commented out`
        : file.commentedOut === false
          ? `Test file reported 0 tests: ${file.path} (its code is not all commented out)`
          : `Test file reported 0 tests: ${file.path}`;
    const verdict = classifier.classify({ status: "missing", type: null, message, trace: null, file: file.path, name: "(file)", classname: null });
    return [{ testId: test.id, message, verdict }];
  });
  return storeMissingResults(tx, run, items, now);
}

/**
 * Stores `missing` results with their failure groups (created, or brought back to `new` as
 * regressed with an audit event when fixed/resolved). Returns how many results were new.
 */
async function storeMissingResults(
  tx: Db,
  run: RunRow,
  items: { testId: string; message: string; verdict: Classification }[],
  now: Date,
): Promise<number> {
  if (items.length === 0) return 0;
  const fingerprints = [...new Set(items.map((i) => i.verdict.fingerprint))];
  await tx.$executeRawUnsafe(
    `INSERT INTO triage_events (id, "projectId", "failureGroupId", actor, action, "fromValue", "toValue", note, "createdAt")
     SELECT gen_random_uuid()::text, g."projectId", g.id, 'system', 'status', g.status::text, 'new', 'regressed: seen again in run ' || ru."runKey", $4::timestamptz
     FROM failure_groups g JOIN runs ru ON ru.id = $2
     WHERE g."projectId" = $1 AND g.status IN ('fixed', 'resolved') AND g.fingerprint = ANY($3::text[])`,
    run.projectId,
    run.id,
    fingerprints,
    now,
  );
  const groupIds = new Map<string, string>();
  for (const { verdict } of items) {
    if (groupIds.has(verdict.fingerprint)) continue;
    const [row] = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO failure_groups (id, "projectId", fingerprint, category, "failureType", title, status, "ruleId", "exampleMessage",
         "firstSeenRunId", "lastSeenRunId", "firstSeenAt", "lastSeenAt", occurrences, "assigneeTeamId", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4::"Category", 'missing', $5, 'new', $6, $5, $7, $7, $8, $8, 0,
         (SELECT o."teamId" FROM ownership_rules o WHERE o."projectId" = $2 AND o.kind = 'category' AND o.category = $4::"Category" ORDER BY o.position LIMIT 1),
         $8, $8)
       ON CONFLICT ("projectId", fingerprint) DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt", "lastSeenRunId" = EXCLUDED."lastSeenRunId",
         regressed = failure_groups.regressed OR failure_groups.status IN ('fixed', 'resolved'),
         status = CASE WHEN failure_groups.status IN ('fixed', 'resolved') THEN 'new'::"GroupStatus" ELSE failure_groups.status END
       RETURNING id`,
      randomUUID(),
      run.projectId,
      verdict.fingerprint,
      verdict.category,
      verdict.title,
      verdict.ruleId,
      run.id,
      now,
    );
    if (row) groupIds.set(verdict.fingerprint, row.id);
  }
  const inserted = await insertRows<(typeof items)[number], { failureGroupId: string | null }>(tx, items, {
    prefix: `INSERT INTO results ("runId", "testId", status, message, category, "ruleId", "failureGroupId", "createdAt")`,
    columns: 7,
    row: (f) => `($${f}, $${f + 1}, 'missing', $${f + 2}, $${f + 3}::"Category", $${f + 4}, $${f + 5}, $${f + 6}::timestamptz)`,
    values: ({ testId, message, verdict }) => [run.id, testId, message, verdict.category, verdict.ruleId, groupIds.get(verdict.fingerprint), now],
    suffix: `ON CONFLICT ("runId", "testId") DO NOTHING RETURNING "failureGroupId"`,
  });
  // Only results stored now count: completing a run again adds no occurrences.
  const added = new Map<string, number>();
  for (const row of inserted) if (row.failureGroupId) added.set(row.failureGroupId, (added.get(row.failureGroupId) ?? 0) + 1);
  await insertRows(tx, [...added], {
    prefix: `UPDATE failure_groups g SET occurrences = g.occurrences + c.n FROM (`,
    columns: 2,
    row: (f) => `($${f}::text, $${f + 1}::int)`,
    values: ([id, n]) => [id, n],
    suffix: `) c(id, n) WHERE g.id = c.id`,
  });
  return inserted.length;
}

/** Groups of this branch absent from its last `resolveAfterRuns` completed runs become `resolved`, with an audit event. */
async function resolveAbsentGroups(tx: Db, run: RunRow, actor: string, now: Date): Promise<number> {
  const resolved = await tx.$queryRawUnsafe<{ id: string; status: string }[]>(
    `WITH recent AS (
       SELECT id FROM runs
       WHERE "projectId" = $1 AND branch IS NOT DISTINCT FROM $2 AND status = 'complete' AND "startedAt" <= $3
       ORDER BY "startedAt" DESC LIMIT $4
     ),
     candidates AS (
       SELECT g.id, g.status FROM failure_groups g
       WHERE g."projectId" = $1 AND g.status IN ('new', 'investigating', 'fixed')
         AND (SELECT count(*) FROM recent) = $4
         AND NOT EXISTS (SELECT 1 FROM results r WHERE r."failureGroupId" = g.id AND r."runId" IN (SELECT id FROM recent))
         AND EXISTS (SELECT 1 FROM results r JOIN runs ru ON ru.id = r."runId"
                     WHERE r."failureGroupId" = g.id AND ru.branch IS NOT DISTINCT FROM $2)
       FOR UPDATE OF g
     )
     UPDATE failure_groups g SET status = 'resolved', "updatedAt" = $5
     FROM candidates c WHERE g.id = c.id
     RETURNING g.id, c.status::text AS status`,
    run.projectId,
    run.branch,
    run.startedAt,
    run.resolveAfter,
    now,
  );
  await insertRows(tx, resolved, {
    prefix: `INSERT INTO triage_events (id, "projectId", "failureGroupId", actor, action, "fromValue", "toValue", note, "createdAt")`,
    columns: 8,
    row: (f) => `($${f}, $${f + 1}, $${f + 2}, $${f + 3}, 'status', $${f + 4}, 'resolved', $${f + 5}, $${f + 6}::timestamptz)`,
    values: (g) => [
      randomUUID(),
      run.projectId,
      g.id,
      actor,
      g.status,
      `Absent from the last ${run.resolveAfter} completed runs on ${run.branch ?? "this branch"}`,
      now,
    ],
  });
  return resolved.length;
}

/**
 * Completes every open run idle for longer than its project's timeout (checked by the server),
 * each with its project's rulebook unless `classifier` overrides it.
 */
export async function completeIdleRuns(
  prisma: PrismaClient,
  options: { classifier?: Classifier; now?: Date },
): Promise<string[]> {
  const now = options.now ?? new Date();
  const idle = await prisma.$queryRawUnsafe<{ id: string; projectId: string }[]>(
    `SELECT ru.id, ru."projectId" FROM runs ru JOIN projects p ON p.id = ru."projectId"
     WHERE ru.status = 'open' AND ru."lastUploadAt" < $1::timestamptz - make_interval(mins => p."runIdleTimeoutMinutes")
       -- A run nothing was stored into (a background upload that never ran) is not closed: it
       -- would count every test of the project missing.
       AND EXISTS (SELECT 1 FROM uploads u WHERE u."runId" = ru.id)
     ORDER BY ru."startedAt"`,
    now,
  );
  const classifiers = new Map<string, Classifier>();
  for (const { id, projectId } of idle) {
    let classifier = options.classifier ?? classifiers.get(projectId);
    if (!classifier) {
      classifier = await loadProjectClassifier(prisma, projectId);
      classifiers.set(projectId, classifier);
    }
    await completeRun(prisma, id, { classifier, now });
  }
  return idle.map((r) => r.id);
}
