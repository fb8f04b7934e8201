import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Classifier } from "./classifier";
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
  const now = options.now ?? new Date();
  return prisma.$transaction(
    async (tx) => {
      const [run] = await tx.$queryRawUnsafe<
        { id: string; projectId: string; branch: string | null; startedAt: Date; window: number; resolveAfter: number }[]
      >(
        `SELECT ru.id, ru."projectId", ru.branch, ru."startedAt", p."missingTestWindow" AS "window", p."resolveAfterRuns" AS "resolveAfter"
         FROM runs ru JOIN projects p ON p.id = ru."projectId" WHERE ru.id = $1 FOR UPDATE OF ru`,
        runId,
      );
      if (!run) throw new IngestError("run-not-found", `Run ${runId} does not exist`);
      const missing = await recordMissingTests(tx, run, options.classifier, now);
      await tx.$executeRawUnsafe(
        `UPDATE runs SET status = 'complete', "completedAt" = COALESCE("completedAt", $2) WHERE id = $1`,
        runId,
        now,
      );
      const resolvedGroups = await resolveAbsentGroups(tx, run, options.actor ?? "system", now);
      await refreshRunFigures(tx, runId);
      return { runId, missing, resolvedGroups };
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
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
    `WITH recent AS (
       SELECT id FROM runs
       WHERE "projectId" = $1 AND branch IS NOT DISTINCT FROM $2 AND status = 'complete' AND id <> $3 AND "startedAt" <= $4
       ORDER BY "startedAt" DESC LIMIT $5
     )
     SELECT DISTINCT t.id, t.name, t.classname, t.file, t.suite
     FROM results r JOIN recent ON recent.id = r."runId" JOIN tests t ON t.id = r."testId"
     WHERE t."retiredAt" IS NULL
       AND NOT EXISTS (SELECT 1 FROM results mine WHERE mine."runId" = $3 AND mine."testId" = t.id)`,
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
  const groupIds = new Map<string, string>();
  for (const { verdict } of verdicts) {
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
  await insertRows(tx, verdicts, {
    prefix: `INSERT INTO results ("runId", "testId", status, message, category, "ruleId", "failureGroupId", "createdAt")`,
    columns: 7,
    row: (f) => `($${f}, $${f + 1}, 'missing', $${f + 2}, $${f + 3}::"Category", $${f + 4}, $${f + 5}, $${f + 6}::timestamptz)`,
    values: ({ test, verdict }) => [run.id, test.id, verdict.title, verdict.category, verdict.ruleId, groupIds.get(verdict.fingerprint), now],
    suffix: `ON CONFLICT ("runId", "testId") DO NOTHING`,
  });
  await tx.$executeRawUnsafe(
    `UPDATE failure_groups g SET occurrences = g.occurrences + c.n
     FROM (SELECT "failureGroupId" AS id, count(*)::int AS n FROM results WHERE "runId" = $1 AND status = 'missing' GROUP BY 1) c
     WHERE g.id = c.id`,
    run.id,
  );
  return vanished.length;
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

/** Completes every open run idle for longer than its project's timeout (checked by the server). */
export async function completeIdleRuns(
  prisma: PrismaClient,
  options: { classifier: Classifier; now?: Date },
): Promise<string[]> {
  const now = options.now ?? new Date();
  const idle = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT ru.id FROM runs ru JOIN projects p ON p.id = ru."projectId"
     WHERE ru.status = 'open' AND ru."lastUploadAt" < $1::timestamptz - make_interval(mins => p."runIdleTimeoutMinutes")
     ORDER BY ru."startedAt"`,
    now,
  );
  for (const { id } of idle) await completeRun(prisma, id, { classifier: options.classifier, now });
  return idle.map((r) => r.id);
}
