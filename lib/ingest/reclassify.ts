// Reclassification after a rule change: stored OPEN failures get the category and rule the new
// rulebook gives them, move to the failure group of their new fingerprint, the runs they belong
// to get fresh totals, and every run the change reaches fresh rollups. Closed history
// (fixed/resolved/ignored groups outside the latest runs) keeps the classification it had when it
// was triaged.
import { randomUUID } from "node:crypto";
import { runJob } from "@/lib/db/jobs";
import { loadProjectClassifier } from "@/lib/db/rules";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Category } from "@/lib/domain/vocabulary";
import type { Classifier } from "./classifier";
import { refreshRunFigures, refreshRunRollups } from "./run-figures";
import { insertRows, type Db } from "./sql";
import { loadOwnershipRulebook, reassignGroups, type OwnershipRulebook } from "./team-ownership";

export interface ReclassifyOptions {
  classifier: Classifier;
  /** Called after each batch with results looked at so far and the total. */
  onProgress?: (progress: number, total: number) => Promise<void>;
  now?: Date;
  batchSize?: number;
}

export interface ReclassifySummary {
  /** Open failures looked at. */
  examined: number;
  /** Results whose category or rule changed. */
  changed: number;
  /** Results that moved to another failure group. */
  moved: number;
  groupsCreated: number;
  /** Open groups left without any result, resolved with an audit event. */
  groupsEmptied: number;
  /** Runs whose results changed (totals, group counts and owners refreshed). */
  runsRefreshed: number;
  /** Runs whose rollups were recomputed: the changed runs and every run the change reaches. */
  rollupsRefreshed: number;
}

interface CandidateRow {
  id: number;
  runId: string;
  startedAt: Date;
  status: "failed" | "error" | "missing";
  type: string | null;
  message: string | null;
  trace: string | null;
  category: string | null;
  ruleId: string | null;
  failureGroupId: string | null;
  file: string | null;
  name: string;
  classname: string | null;
}

/**
 * The `reclassify` job: loads the project's rulebook as it is when the job starts (so of several
 * queued changes the last job applies the final rules) and reclassifies, reporting progress.
 */
export async function runReclassifyJob(prisma: PrismaClient, jobId: string, options: { now?: Date } = {}): Promise<void> {
  await runJob(prisma, jobId, async (progress) => {
    const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId }, select: { projectId: true } });
    if (!job.projectId) throw new Error("A reclassify job needs a project");
    const classifier = await loadProjectClassifier(prisma, job.projectId);
    return reclassifyProject(prisma, job.projectId, { classifier, now: options.now, onProgress: (done, total) => progress.report(done, total) });
  });
}

// Open failures: results of groups still being worked on, plus every failure of the latest run on
// each branch (whatever its group's status: that is what the dashboard shows now).
const CANDIDATES = `
  WITH latest AS (
    SELECT DISTINCT ON (branch) id FROM runs WHERE "projectId" = $1 ORDER BY branch, "startedAt" DESC
  )
  SELECT r.id, r."runId", ru."startedAt", r.status::text AS status, r.type, r.message, r.trace, r.category::text AS category,
    r."ruleId", r."failureGroupId", t.file, t.name, t.classname
  FROM results r
  JOIN runs ru ON ru.id = r."runId"
  JOIN tests t ON t.id = r."testId"
  LEFT JOIN failure_groups g ON g.id = r."failureGroupId"
  WHERE ru."projectId" = $1 AND r.status IN ('failed', 'error', 'missing')
    AND (g.status IN ('new', 'investigating', 'expected') OR r."runId" IN (SELECT id FROM latest))`;

interface Change {
  row: CandidateRow;
  category: Category;
  ruleId: string;
  /** Set when the category changed: the result moves to the group of this fingerprint. */
  fingerprint: string | null;
  title: string;
}

/** Reclassifies a project's open failures with `classifier`; batches commit one by one. */
export async function reclassifyProject(prisma: PrismaClient, projectId: string, options: ReclassifyOptions): Promise<ReclassifySummary> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const [count] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${CANDIDATES}) c`, projectId);
  const total = count?.n ?? 0;
  const summary: ReclassifySummary = { examined: 0, changed: 0, moved: 0, groupsCreated: 0, groupsEmptied: 0, runsRefreshed: 0, rollupsRefreshed: 0 };
  const touchedGroups = new Set<string>();
  const touchedRuns = new Set<string>();
  await options.onProgress?.(0, total);
  let cursor = 0;
  for (;;) {
    const rows = await prisma.$queryRawUnsafe<CandidateRow[]>(`${CANDIDATES} AND r.id > $2 ORDER BY r.id LIMIT $3`, projectId, cursor, batchSize);
    if (rows.length === 0) break;
    cursor = rows[rows.length - 1]!.id;
    summary.examined += rows.length;
    const changes = rows.flatMap((row): Change[] => {
      const verdict = options.classifier.classify({ ...row, systemOut: null });
      if (verdict.category === row.category && verdict.ruleId === row.ruleId) return [];
      // Same category: same fingerprint, same group — only the deciding rule changed.
      const moves = verdict.category !== row.category || row.failureGroupId === null;
      return [{ row, category: verdict.category, ruleId: verdict.ruleId, fingerprint: moves ? verdict.fingerprint : null, title: verdict.title }];
    });
    if (changes.length > 0) {
      await prisma.$transaction(async (tx) => {
        const created = await applyChanges(tx, projectId, changes, now);
        summary.groupsCreated += created.groupsCreated;
        summary.moved += created.moved;
        for (const id of created.groups) touchedGroups.add(id);
      });
      summary.changed += changes.length;
      for (const change of changes) {
        touchedRuns.add(change.row.runId);
        if (change.row.failureGroupId) touchedGroups.add(change.row.failureGroupId);
      }
    }
    await options.onProgress?.(summary.examined, total);
  }
  if (touchedRuns.size > 0 || touchedGroups.size > 0) {
    const rulebook = await loadOwnershipRulebook(prisma, projectId);
    const reassigned = new Set<string>();
    await prisma.$transaction(
      async (tx) => {
        summary.groupsEmptied = await refreshGroups(tx, projectId, [...touchedGroups], now);
        // A group results moved out of may have another owner by path now (its tests changed).
        const kept = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM failure_groups WHERE id = ANY($1::text[]) AND occurrences > 0`, [...touchedGroups]);
        const done = await reassignGroups(tx, projectId, kept.map((g) => g.id), rulebook, now);
        for (const id of done.changed) reassigned.add(id);
        for (const runId of touchedRuns) {
          const figures = await refreshRunFigures(tx, runId, { rulebook, now, rollups: false });
          for (const id of figures.reassigned) reassigned.add(id);
        }
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
    summary.runsRefreshed = touchedRuns.size;
    summary.rollupsRefreshed = await refreshReachedRollups(prisma, projectId, [...touchedRuns], [...reassigned], rulebook);
  }
  return summary;
}

/**
 * Rollups of every run the reclassification reaches, recomputed as if the new rules had applied
 * then. Not only the runs whose results changed: a team's scope in a run takes in the failures of
 * earlier runs on its branch assigned to it, and a group's owner counts in every run the group
 * appears in. So every run from the earliest changed run, or the earliest run of a group whose
 * owner changed, is refreshed (all branches: a superset, cheaper to find than the exact set);
 * earlier runs keep their rows. In batches, like the ownership job.
 */
async function refreshReachedRollups(prisma: PrismaClient, projectId: string, runIds: string[], reassignedGroups: string[], rulebook: OwnershipRulebook): Promise<number> {
  const runs = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT ru.id FROM runs ru
     WHERE ru."projectId" = $1 AND ru."startedAt" >= (
       SELECT min(x."startedAt") FROM runs x
       WHERE x.id = ANY($2::text[]) OR x.id IN (SELECT r."runId" FROM results r WHERE r."failureGroupId" = ANY($3::text[]))
     )
     ORDER BY ru."startedAt", ru.id`,
    projectId,
    runIds,
    reassignedGroups,
  );
  const batchSize = 20;
  for (let start = 0; start < runs.length; start += batchSize) {
    const batch = runs.slice(start, start + batchSize);
    await prisma.$transaction(
      async (tx) => {
        for (const run of batch) await refreshRunRollups(tx, run.id, rulebook);
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
  }
  return runs.length;
}

async function applyChanges(tx: Db, projectId: string, changes: Change[], now: Date): Promise<{ groups: string[]; groupsCreated: number; moved: number }> {
  const byFingerprint = new Map<string, Change>();
  for (const change of changes) if (change.fingerprint && !byFingerprint.has(change.fingerprint)) byFingerprint.set(change.fingerprint, change);
  const newGroups = [...byFingerprint.entries()];
  // New groups start `new`, assigned to the team owning their category, like groups made by ingestion
  // (refreshRunFigures then applies path ownership) — unless the failures come from a group assigned
  // by hand: a manual assignment is kept through reclassification.
  const inserted = await insertRows<[string, Change], { id: string }>(tx, newGroups, {
    prefix: `INSERT INTO failure_groups (id, "projectId", fingerprint, category, "failureType", title, status, "ruleId", "exampleMessage", "exampleTrace",
      "firstSeenRunId", "lastSeenRunId", "firstSeenAt", "lastSeenAt", occurrences, "assigneeTeamId", "assignedManually", "createdAt", "updatedAt")
      SELECT v.id, v."projectId", v.fingerprint, v.category::"Category", v.type, v.title, 'new'::"GroupStatus", v.rule, v.message, v.trace,
        v.run, v.run, v.seen, v.seen, 0,
        CASE WHEN src."assignedManually" THEN src."assigneeTeamId" ELSE
          (SELECT o."teamId" FROM ownership_rules o WHERE o."projectId" = v."projectId" AND o.kind = 'category' AND o.category = v.category::"Category" ORDER BY o.position LIMIT 1) END,
        COALESCE(src."assignedManually", false),
        v.now, v.now
      FROM (`,
    columns: 13,
    row: (f) =>
      `($${f}::text, $${f + 1}::text, $${f + 2}::text, $${f + 3}::text, $${f + 4}::text, $${f + 5}::text, $${f + 6}::text, $${f + 7}::text, $${f + 8}::text, $${f + 9}::text, $${f + 10}::timestamptz, $${f + 11}::timestamptz, $${f + 12}::text)`,
    values: ([fingerprint, c]) => [randomUUID(), projectId, fingerprint, c.category, c.row.type, c.title, c.ruleId, c.row.message, c.row.trace, c.row.runId, c.row.startedAt, now, c.row.failureGroupId],
    suffix: `) v(id, "projectId", fingerprint, category, type, title, rule, message, trace, run, seen, now, source)
      LEFT JOIN failure_groups src ON src.id = v.source
      WHERE true
      ON CONFLICT ("projectId", fingerprint) DO NOTHING RETURNING id`,
  });
  const groupIds = new Map<string, string>();
  if (newGroups.length > 0) {
    const rows = await tx.$queryRawUnsafe<{ id: string; fingerprint: string }[]>(
      `SELECT id, fingerprint FROM failure_groups WHERE "projectId" = $1 AND fingerprint = ANY($2::text[])`,
      projectId,
      newGroups.map(([fingerprint]) => fingerprint),
    );
    for (const row of rows) groupIds.set(row.fingerprint, row.id);
  }
  let moved = 0;
  const updates = changes.map((c) => {
    const target = c.fingerprint ? (groupIds.get(c.fingerprint) ?? null) : c.row.failureGroupId;
    if (target !== c.row.failureGroupId) moved++;
    return { id: c.row.id, category: c.category, ruleId: c.ruleId, groupId: target };
  });
  await insertRows(tx, updates, {
    prefix: `UPDATE results r SET category = v.category::"Category", "ruleId" = v.rule, "failureGroupId" = v.grp FROM (`,
    columns: 4,
    row: (f) => `($${f}::int, $${f + 1}::text, $${f + 2}::text, $${f + 3}::text)`,
    values: (u) => [u.id, u.category, u.ruleId, u.groupId],
    suffix: `) v(id, category, rule, grp) WHERE r.id = v.id`,
  });
  return { groups: [...groupIds.values()], groupsCreated: inserted.length, moved };
}

/**
 * Counts, rule and first/last seen of the groups results moved in or out of. An open group left
 * without results would never be resolved by absence (that needs a result on the branch), so it is
 * resolved here with an audit event.
 */
async function refreshGroups(tx: Db, projectId: string, groupIds: string[], now: Date): Promise<number> {
  if (groupIds.length === 0) return 0;
  await tx.$executeRawUnsafe(
    `UPDATE failure_groups g SET
       occurrences = c.n,
       "affectedTests" = c.tests,
       "ruleId" = COALESCE(c.rule, g."ruleId"),
       "firstSeenRunId" = CASE WHEN c.first_at < g."firstSeenAt" THEN c.first_run ELSE g."firstSeenRunId" END,
       "firstSeenAt" = LEAST(g."firstSeenAt", COALESCE(c.first_at, g."firstSeenAt")),
       "lastSeenRunId" = CASE WHEN c.last_at > g."lastSeenAt" THEN c.last_run ELSE g."lastSeenRunId" END,
       "lastSeenAt" = GREATEST(g."lastSeenAt", COALESCE(c.last_at, g."lastSeenAt")),
       "updatedAt" = $2
     FROM (
       SELECT g2.id, count(r.id)::int AS n, count(DISTINCT r."testId")::int AS tests,
         (array_agg(r."ruleId" ORDER BY ru."startedAt" DESC) FILTER (WHERE r.id IS NOT NULL))[1] AS rule,
         min(ru."startedAt") AS first_at, (array_agg(ru.id ORDER BY ru."startedAt") FILTER (WHERE r.id IS NOT NULL))[1] AS first_run,
         max(ru."startedAt") AS last_at, (array_agg(ru.id ORDER BY ru."startedAt" DESC) FILTER (WHERE r.id IS NOT NULL))[1] AS last_run
       FROM failure_groups g2
       LEFT JOIN results r ON r."failureGroupId" = g2.id
       LEFT JOIN runs ru ON ru.id = r."runId"
       WHERE g2.id = ANY($1::text[])
       GROUP BY g2.id
     ) c
     WHERE g.id = c.id`,
    groupIds,
    now,
  );
  const emptied = await tx.$queryRawUnsafe<{ id: string; status: string }[]>(
    `WITH empty AS (
       SELECT id, status::text AS status FROM failure_groups
       WHERE id = ANY($1::text[]) AND occurrences = 0 AND status IN ('new', 'investigating', 'expected')
       FOR UPDATE
     )
     UPDATE failure_groups g SET status = 'resolved', "updatedAt" = $2 FROM empty e WHERE g.id = e.id
     RETURNING g.id, e.status`,
    groupIds,
    now,
  );
  await insertRows(tx, emptied, {
    prefix: `INSERT INTO triage_events (id, "projectId", "failureGroupId", actor, action, "fromValue", "toValue", note, "createdAt")`,
    columns: 5,
    row: (f) => `($${f}, $${f + 1}, $${f + 2}, 'system', 'status', $${f + 3}, 'resolved', 'Rules changed: every failure of this group was reclassified into another group', $${f + 4}::timestamptz)`,
    values: (g) => [randomUUID(), projectId, g.id, g.status, now],
  });
  return emptied.length;
}
