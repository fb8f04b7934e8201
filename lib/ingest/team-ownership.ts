// Applying the ownership rules (lib/ownership) to stored failure groups and tests: who a group is
// assigned to, and which tests a team owns by path. Used when a run's figures are refreshed and by
// the ownership job after a rule change.
import { randomUUID } from "node:crypto";
import { loadOwnershipRuleDefs } from "@/lib/db/ownership";
import { categoryFromDb } from "@/lib/domain/vocabulary";
import type { Category as DbCategory } from "@/lib/generated/prisma/enums";
import { buildOwnershipRulebook, type OwnershipRulebook, type TestRef } from "@/lib/ownership";
import { insertRows, type Db } from "./sql";

export type { OwnershipRulebook } from "@/lib/ownership";

export async function loadOwnershipRulebook(db: Db, projectId: string): Promise<OwnershipRulebook> {
  return buildOwnershipRulebook(await loadOwnershipRuleDefs(db, projectId));
}

export interface PathOwnedTests {
  /** `[file, classname, teamId]` of the (file, classname) pairs a team owns by path. */
  pairs: { file: string | null; classname: string | null; teamId: string }[];
}

/**
 * Which of a run's tests each team owns by path, as (file, classname) pairs — far fewer than
 * tests, since a file or class holds many. Empty when the project has no path rules.
 */
export async function pathOwnedTestsOfRun(db: Db, runId: string, rulebook: OwnershipRulebook): Promise<PathOwnedTests> {
  if (!rulebook.hasPathRules) return { pairs: [] };
  const rows = await db.$queryRawUnsafe<TestRef[]>(
    `SELECT DISTINCT t.file, t.classname FROM results r JOIN tests t ON t.id = r."testId" WHERE r."runId" = $1`,
    runId,
  );
  return {
    pairs: rows.flatMap((row) => {
      const owner = rulebook.pathOwner(row);
      return owner?.teamId ? [{ file: row.file, classname: row.classname, teamId: owner.teamId }] : [];
    }),
  };
}

export interface ReassignSummary {
  examined: number;
  reassigned: number;
  /** Ids of the groups whose assignee changed. */
  changed: string[];
}

/**
 * Gives each of `groupIds` not assigned by hand the owner the rules decide now (category, else
 * the team owning most of its tests by path, else nobody) and records every change as a `system`
 * `assign` event naming why. Groups assigned by hand are never touched.
 */
export async function reassignGroups(tx: Db, projectId: string, groupIds: readonly string[], rulebook: OwnershipRulebook, now: Date): Promise<ReassignSummary> {
  if (groupIds.length === 0) return { examined: 0, reassigned: 0, changed: [] };
  const groups = await tx.$queryRawUnsafe<{ id: string; category: DbCategory; assigneeTeamId: string | null }[]>(
    `SELECT id, category, "assigneeTeamId" FROM failure_groups
     WHERE "projectId" = $1 AND id = ANY($2::text[]) AND NOT "assignedManually"`,
    projectId,
    [...groupIds],
  );
  // Only groups whose category nobody owns need their tests.
  const byPath = groups.filter((g) => !rulebook.categoryOwner(categoryFromDb(g.category))).map((g) => g.id);
  const testsOf = new Map<string, TestRef[]>();
  if (rulebook.hasPathRules && byPath.length > 0) {
    const rows = await tx.$queryRawUnsafe<{ groupId: string; file: string | null; classname: string | null }[]>(
      `SELECT DISTINCT r."failureGroupId" AS "groupId", t.id, t.file, t.classname
       FROM results r JOIN tests t ON t.id = r."testId" WHERE r."failureGroupId" = ANY($1::text[])`,
      byPath,
    );
    for (const row of rows) {
      const list = testsOf.get(row.groupId) ?? [];
      list.push({ file: row.file, classname: row.classname });
      testsOf.set(row.groupId, list);
    }
  }
  const changes = groups.flatMap((group) => {
    const assignment = rulebook.assignGroup({ category: categoryFromDb(group.category), tests: testsOf.get(group.id) ?? [] });
    return assignment.teamId === group.assigneeTeamId ? [] : [{ id: group.id, from: group.assigneeTeamId, to: assignment.teamId, source: assignment.source }];
  });
  if (changes.length === 0) return { examined: groups.length, reassigned: 0, changed: [] };
  await insertRows(tx, changes, {
    prefix: `UPDATE failure_groups g SET "assigneeTeamId" = v.team, "updatedAt" = v.at FROM (`,
    columns: 3,
    row: (f) => `($${f}::text, $${f + 1}::text, $${f + 2}::timestamptz)`,
    values: (c) => [c.id, c.to, now],
    suffix: `) v(id, team, at) WHERE g.id = v.id AND NOT g."assignedManually"`,
  });
  const teams = await tx.$queryRawUnsafe<{ id: string; name: string }[]>(`SELECT id, name FROM teams WHERE "projectId" = $1`, projectId);
  const name = (id: string | null) => (id === null ? null : (teams.find((t) => t.id === id)?.name ?? id));
  const why = { category: "ownership rules: the team owning its category", path: "ownership rules: the team owning most of its tests by path", none: "ownership rules: no team owns its category or its tests", manual: "" };
  // Assignee names (not ids) go into the trail, as for changes made by hand.
  await insertRows(tx, changes, {
    prefix: `INSERT INTO triage_events (id, "projectId", "failureGroupId", actor, action, "fromValue", "toValue", note, "createdAt")`,
    columns: 7,
    row: (f) => `($${f}, $${f + 1}, $${f + 2}, 'system', 'assign', $${f + 3}, $${f + 4}, $${f + 5}, $${f + 6}::timestamptz)`,
    values: (c) => [randomUUID(), projectId, c.id, name(c.from), name(c.to), why[c.source], now],
  });
  return { examined: groups.length, reassigned: changes.length, changed: changes.map((c) => c.id) };
}

/** The failure groups a run's results belong to. */
export async function groupsOfRun(db: Db, runId: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    // Results with a group are never passed: saying so lets the partial (runId, status) index serve.
    `SELECT DISTINCT "failureGroupId" AS id FROM results WHERE "runId" = $1 AND "failureGroupId" IS NOT NULL AND status <> 'passed'`,
    runId,
  );
  return rows.map((r) => r.id);
}
