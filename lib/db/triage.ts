import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { GroupFilters } from "@/lib/domain/filters";
import { DEFAULT_RULES, UNMATCHED } from "@/lib/classify";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Category as DbCategory, GroupStatus as DbGroupStatus } from "@/lib/generated/prisma/enums";
import type { TransactionClient } from "@/lib/generated/prisma/internal/prismaNamespace";
import {
  GROUP_STATUSES,
  OPEN_GROUP_STATUSES,
  categoryFromDb,
  categoryToDb,
  type Category,
  type GroupStatus,
  type ResultStatus,
} from "@/lib/domain/vocabulary";
import { NotFoundError } from "./errors";
import { queueOwnershipJob } from "./ownership";

export const GROUPS_PAGE_SIZE = 50;

/** Until accounts exist every change made in the UI is attributed to this actor. */
export const ANONYMOUS_ACTOR = "anonymous";

// ---------------------------------------------------------------- list (triage queue)

export { GroupFilters } from "@/lib/domain/filters";

export interface TeamRef {
  id: string;
  slug: string;
  name: string;
  color: string;
}

export interface GroupListItem {
  id: string;
  category: Category;
  title: string;
  failureType: string | null;
  status: GroupStatus;
  regressed: boolean;
  affectedTests: number;
  occurrences: number;
  firstSeenAt: string;
  lastSeenAt: string;
  assignee: TeamRef | null;
  externalIssueUrl: string | null;
  impact: number;
}

export interface GroupList {
  groups: GroupListItem[];
  total: number;
  page: number;
  pageSize: number;
  teams: TeamRef[];
  branches: string[];
}

interface GroupListRow {
  id: string;
  category: DbCategory;
  title: string;
  failureType: string | null;
  status: DbGroupStatus;
  regressed: boolean;
  affectedTests: number;
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  assigneeTeamId: string | null;
  externalIssueUrl: string | null;
  impact: number;
  total: number;
}

/**
 * Impact = affectedTests × 0.5^(days since lastSeenAt / 7): the number of tests a group breaks,
 * halved for every week it has not been seen, so a wide failure from last month ranks below a
 * narrower one from today's run.
 */
const IMPACT_SQL = `(g."affectedTests" * power(0.5, GREATEST(0, extract(epoch FROM ($1::timestamptz - g."lastSeenAt"))) / 86400.0 / 7))::float8`;

/** The triage queue of a project: failure groups matching the filters, most impactful first. Null when the project does not exist. */
export async function listGroups(
  prisma: PrismaClient,
  slug: string,
  filters: Partial<GroupFilters> = {},
  now: Date = new Date(),
): Promise<GroupList | null> {
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) return null;
  const [teams, branchRows] = await Promise.all([
    prisma.team.findMany({ where: { projectId: project.id }, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true, color: true } }),
    prisma.run.findMany({ where: { projectId: project.id }, distinct: ["branch"], select: { branch: true } }),
  ]);
  const page = filters.page ?? 1;
  const statuses = filters.status ?? [...OPEN_GROUP_STATUSES];
  const params: unknown[] = [now, project.id, statuses];
  const where = [`g."projectId" = $2`, `g.status::text = ANY($3::text[])`];
  if (filters.category) {
    params.push(categoryToDb(filters.category));
    where.push(`g.category = $${params.length}::"Category"`);
  }
  if (filters.team === "unassigned") {
    where.push(`g."assigneeTeamId" IS NULL`);
  } else if (filters.team) {
    const team = teams.find((t) => t.slug === filters.team || t.id === filters.team);
    params.push(team?.id ?? "");
    where.push(`g."assigneeTeamId" = $${params.length}`);
  }
  if (filters.branch) {
    params.push(filters.branch);
    where.push(`EXISTS (SELECT 1 FROM results r JOIN runs ru ON ru.id = r."runId" WHERE r."failureGroupId" = g.id AND ru.branch = $${params.length})`);
  }
  params.push(GROUPS_PAGE_SIZE, (page - 1) * GROUPS_PAGE_SIZE);
  const rows = await prisma.$queryRawUnsafe<GroupListRow[]>(
    `SELECT g.id, g.category, g.title, g."failureType", g.status, g.regressed, g."affectedTests", g.occurrences,
       g."firstSeenAt", g."lastSeenAt", g."assigneeTeamId", g."externalIssueUrl", ${IMPACT_SQL} AS impact,
       count(*) OVER ()::int AS total
     FROM failure_groups g
     WHERE ${where.join(" AND ")}
     ORDER BY impact DESC, g."lastSeenAt" DESC, g.id
     LIMIT $${params.length - 1} OFFSET $${params.length}`,
    ...params,
  );
  const teamById = new Map(teams.map((t) => [t.id, t]));
  return {
    groups: rows.map((row) => ({
      id: row.id,
      category: categoryFromDb(row.category),
      title: row.title,
      failureType: row.failureType,
      status: row.status,
      regressed: row.regressed,
      affectedTests: row.affectedTests,
      occurrences: row.occurrences,
      firstSeenAt: row.firstSeenAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      assignee: row.assigneeTeamId ? (teamById.get(row.assigneeTeamId) ?? null) : null,
      externalIssueUrl: row.externalIssueUrl,
      impact: row.impact,
    })),
    total: rows[0]?.total ?? 0,
    page,
    pageSize: GROUPS_PAGE_SIZE,
    teams,
    branches: branchRows.map((b) => b.branch).filter((b): b is string => b !== null).sort(),
  };
}

// ---------------------------------------------------------------- detail

export interface AffectedTest {
  testId: string;
  key: string;
  name: string;
  file: string | null;
  occurrences: number;
  lastSeenAt: string;
  lastStatus: ResultStatus;
}

export interface GroupHistoryPoint {
  runId: string;
  runKey: string;
  startedAt: string;
  occurrences: number;
}

export interface TriageEventItem {
  id: string;
  actor: string;
  action: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  createdAt: string;
}

export interface GroupDetail {
  project: { slug: string; name: string };
  group: Omit<GroupListItem, "impact"> & {
    fingerprint: string;
    ruleId: string | null;
    ruleName: string | null;
    exampleMessage: string | null;
    exampleTrace: string | null;
    assignedManually: boolean;
    firstSeenRun: { id: string; runKey: string } | null;
    lastSeenRun: { id: string; runKey: string } | null;
  };
  teams: TeamRef[];
  affectedTests: AffectedTest[];
  history: GroupHistoryPoint[];
  events: TriageEventItem[];
}

/** The rule's display name: a project rule by id, else the default rulebook's. */
async function ruleName(prisma: PrismaClient, projectId: string, ruleId: string | null): Promise<string | null> {
  if (!ruleId) return null;
  if (ruleId === UNMATCHED.ruleId) return UNMATCHED.ruleName;
  const base = ruleId.replace(/:trace$/, "");
  const builtIn = DEFAULT_RULES.find((r) => r.id === ruleId) ?? DEFAULT_RULES.find((r) => r.id === base);
  if (builtIn) return builtIn.name;
  const own = await prisma.classificationRule.findFirst({ where: { id: ruleId, projectId }, select: { name: true } });
  return own?.name ?? null;
}

/** Everything the group page shows. Null when the group does not exist in the project. */
export async function getGroupDetail(prisma: PrismaClient, slug: string, groupId: string, options: { historyRuns?: number } = {}): Promise<GroupDetail | null> {
  const group = await prisma.failureGroup.findFirst({ where: { id: groupId, project: { slug } }, include: { project: { select: { slug: true, name: true } } } });
  if (!group) return null;
  const [teams, affected, history, events, rule, seenRuns] = await Promise.all([
    prisma.team.findMany({ where: { projectId: group.projectId }, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true, color: true } }),
    prisma.$queryRawUnsafe<{ testId: string; key: string; name: string; file: string | null; occurrences: number; lastSeenAt: Date; lastStatus: ResultStatus }[]>(
      `SELECT t.id AS "testId", t.key, t.name, t.file, count(*)::int AS occurrences, max(ru."startedAt") AS "lastSeenAt",
         (array_agg(r.status::text ORDER BY ru."startedAt" DESC))[1] AS "lastStatus"
       FROM results r JOIN tests t ON t.id = r."testId" JOIN runs ru ON ru.id = r."runId"
       WHERE r."failureGroupId" = $1
       GROUP BY t.id ORDER BY max(ru."startedAt") DESC, t.key LIMIT 500`,
      groupId,
    ),
    // Occurrences in each of the latest runs on the branches the group was seen on, zeros included.
    prisma.$queryRawUnsafe<{ runId: string; runKey: string; startedAt: Date; occurrences: number }[]>(
      `SELECT * FROM (
         SELECT ru.id AS "runId", ru."runKey", ru."startedAt", count(r.id)::int AS occurrences
         FROM runs ru LEFT JOIN results r ON r."runId" = ru.id AND r."failureGroupId" = $1
         WHERE ru."projectId" = $2
           AND COALESCE(ru.branch, '') IN (SELECT COALESCE(ru2.branch, '') FROM results r2 JOIN runs ru2 ON ru2.id = r2."runId" WHERE r2."failureGroupId" = $1)
         GROUP BY ru.id ORDER BY ru."startedAt" DESC LIMIT $3
       ) latest ORDER BY "startedAt"`,
      groupId,
      group.projectId,
      options.historyRuns ?? 40,
    ),
    prisma.triageEvent.findMany({ where: { failureGroupId: groupId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 }),
    ruleName(prisma, group.projectId, group.ruleId),
    prisma.run.findMany({
      where: { id: { in: [group.firstSeenRunId, group.lastSeenRunId].filter((id): id is string => id !== null) } },
      select: { id: true, runKey: true },
    }),
  ]);
  const runRef = (id: string | null) => seenRuns.find((r) => r.id === id) ?? null;
  const teamRef = teams.find((t) => t.id === group.assigneeTeamId) ?? null;
  return {
    project: group.project,
    group: {
      id: group.id,
      fingerprint: group.fingerprint,
      category: categoryFromDb(group.category),
      title: group.title,
      failureType: group.failureType,
      status: group.status,
      regressed: group.regressed,
      affectedTests: group.affectedTests,
      occurrences: group.occurrences,
      firstSeenAt: group.firstSeenAt.toISOString(),
      lastSeenAt: group.lastSeenAt.toISOString(),
      assignee: teamRef,
      assignedManually: group.assignedManually,
      externalIssueUrl: group.externalIssueUrl,
      ruleId: group.ruleId,
      ruleName: rule,
      exampleMessage: group.exampleMessage,
      exampleTrace: group.exampleTrace,
      firstSeenRun: runRef(group.firstSeenRunId),
      lastSeenRun: runRef(group.lastSeenRunId),
    },
    teams,
    affectedTests: affected.map((a) => ({ ...a, lastSeenAt: a.lastSeenAt.toISOString() })),
    history: history.map((h) => ({ ...h, startedAt: h.startedAt.toISOString() })),
    events: events.map((e) => ({
      id: e.id,
      actor: e.actor,
      action: e.action,
      fromValue: e.fromValue,
      toValue: e.toValue,
      note: e.note,
      createdAt: e.createdAt.toISOString(),
    })),
  };
}

// ---------------------------------------------------------------- changes (the one write path)

const issueUrl = z
  .union([z.url({ protocol: /^https?$/, message: "Use an http(s) link" }).max(2000), z.literal("")])
  .nullable()
  .transform((v) => (v === "" ? null : v));

/** What a triager can change on a group; every field optional, at least one present. */
export const GroupChanges = z
  .object({
    status: z.enum(GROUP_STATUSES).optional(),
    assigneeTeamId: z.string().min(1).max(100).nullable().optional(),
    /** `false` gives the group back to the ownership rules (undoes a manual assignment). */
    assignedManually: z.literal(false).optional(),
    externalIssueUrl: issueUrl.optional(),
    note: z.string().trim().min(1, "A note cannot be empty").max(10_000).optional(),
  })
  .strict()
  .refine((c) => !(c.assignedManually === false && c.assigneeTeamId !== undefined), {
    message: "Either assign a team by hand or give the group back to the ownership rules, not both",
    path: ["assignedManually"],
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: "Nothing to change" });
export type GroupChanges = z.infer<typeof GroupChanges>;

/** Bulk changes from the triage queue: status and/or assignee for many groups at once. */
export const BulkGroupChanges = z
  .object({
    groupIds: z.array(z.string().min(1).max(100)).min(1).max(500),
    status: z.enum(GROUP_STATUSES).optional(),
    assigneeTeamId: z.string().min(1).max(100).nullable().optional(),
  })
  .strict()
  .refine((c) => c.status !== undefined || c.assigneeTeamId !== undefined, { message: "Nothing to change" });
export type BulkGroupChanges = z.infer<typeof BulkGroupChanges>;

export interface UpdateGroupResult {
  id: string;
  status: GroupStatus;
  assigneeTeamId: string | null;
  externalIssueUrl: string | null;
  /** Actions recorded in the audit trail by this change (`status`, `assign`, `issue-link`, `note`). */
  events: string[];
  /**
   * The ownership job queued because the assignment changed (team scope and rollups follow the
   * assignee; lib/api/ownership.ts starts it), null when it did not.
   */
  ownershipJobId: string | null;
}

/**
 * Applies triage changes to one group inside the caller's transaction and writes one
 * triage_events row per field that actually changed (`status`, `assign`, `issue-link`) with its
 * from/to values; a note goes to failure_group_notes plus a `note` event. Assignee names (not
 * ids) go into the trail so it still reads after a team is renamed or deleted.
 */
async function applyGroupChanges(
  tx: TransactionClient,
  groupId: string,
  changes: Omit<GroupChanges, "assignedManually"> & { assignedManually?: false },
  actor: string,
  now: Date,
  projectId?: string,
): Promise<UpdateGroupResult> {
  const [current] = await tx.$queryRawUnsafe<
    { id: string; projectId: string; status: DbGroupStatus; assigneeTeamId: string | null; assignedManually: boolean; externalIssueUrl: string | null }[]
  >(
    `SELECT id, "projectId", status, "assigneeTeamId", "assignedManually", "externalIssueUrl" FROM failure_groups WHERE id = $1 FOR UPDATE`,
    groupId,
  );
  if (!current || (projectId !== undefined && current.projectId !== projectId)) {
    throw new NotFoundError("failure-group", `Failure group "${groupId}" does not exist`);
  }
  const events: { action: string; fromValue: string | null; toValue: string | null; note: string | null }[] = [];
  const data: { status?: DbGroupStatus; assigneeTeamId?: string | null; assignedManually?: boolean; externalIssueUrl?: string | null; updatedAt?: Date } = {};

  if (changes.status !== undefined && changes.status !== current.status) {
    data.status = changes.status;
    events.push({ action: "status", fromValue: current.status, toValue: changes.status, note: null });
  }
  if (changes.assigneeTeamId !== undefined && changes.assigneeTeamId !== current.assigneeTeamId) {
    const ids = [current.assigneeTeamId, changes.assigneeTeamId].filter((id): id is string => id !== null);
    const teams = await tx.team.findMany({ where: { id: { in: ids }, projectId: current.projectId }, select: { id: true, name: true } });
    const name = (id: string | null) => (id === null ? null : (teams.find((t) => t.id === id)?.name ?? id));
    if (changes.assigneeTeamId !== null && !teams.some((t) => t.id === changes.assigneeTeamId)) {
      throw new NotFoundError("team", `Team "${changes.assigneeTeamId}" does not exist in this project`);
    }
    data.assigneeTeamId = changes.assigneeTeamId;
    // A manual assignment wins over ownership rules from now on (schema: assignedManually).
    data.assignedManually = true;
    events.push({ action: "assign", fromValue: name(current.assigneeTeamId), toValue: name(changes.assigneeTeamId), note: "by hand" });
  }
  if (changes.assignedManually === false && current.assignedManually) {
    // The ownership job gives it the rules' team (and records that change as `system`).
    data.assignedManually = false;
    events.push({ action: "assign", fromValue: null, toValue: null, note: "back to the ownership rules" });
  }
  if (changes.externalIssueUrl !== undefined && changes.externalIssueUrl !== current.externalIssueUrl) {
    data.externalIssueUrl = changes.externalIssueUrl;
    events.push({ action: "issue-link", fromValue: current.externalIssueUrl, toValue: changes.externalIssueUrl, note: null });
  }
  if (Object.keys(data).length > 0) {
    data.updatedAt = now;
    await tx.failureGroup.update({ where: { id: groupId }, data });
  }
  if (changes.note !== undefined) {
    await tx.failureGroupNote.create({ data: { failureGroupId: groupId, author: actor, body: changes.note, createdAt: now } });
    events.push({ action: "note", fromValue: null, toValue: null, note: changes.note });
  }
  if (events.length > 0) {
    // Distinct timestamps keep the trail's order stable when one request records several events.
    await tx.triageEvent.createMany({
      data: events.map((e, i) => ({
        id: randomUUID(),
        projectId: current.projectId,
        failureGroupId: groupId,
        actor,
        ...e,
        createdAt: new Date(now.getTime() + i),
      })),
    });
  }
  return {
    id: groupId,
    status: data.status ?? current.status,
    assigneeTeamId: data.assigneeTeamId !== undefined ? data.assigneeTeamId : current.assigneeTeamId,
    externalIssueUrl: data.externalIssueUrl !== undefined ? data.externalIssueUrl : current.externalIssueUrl,
    events: events.map((e) => e.action),
    ownershipJobId: data.assignedManually !== undefined ? await queueOwnershipJob(tx, current.projectId, `assign ${groupId}`) : null,
  };
}

/**
 * The one way a failure group changes by hand: status, assignee team, external issue link and
 * notes, each recorded in the audit trail, all in one transaction. `actor` is who did it —
 * the signed-in user's e-mail (lib/auth/access.ts `actorOf`). `projectId` (optional) refuses a group of another project.
 */
export async function updateGroup(
  prisma: PrismaClient,
  groupId: string,
  changes: GroupChanges,
  actor: string,
  options: { projectId?: string; now?: Date } = {},
): Promise<UpdateGroupResult> {
  const parsed = GroupChanges.parse(changes);
  return prisma.$transaction((tx) => applyGroupChanges(tx, groupId, parsed, actor, options.now ?? new Date(), options.projectId));
}

/** The same change to many groups of a project, all or nothing (one transaction). */
export async function bulkUpdateGroups(
  prisma: PrismaClient,
  projectId: string,
  input: BulkGroupChanges,
  actor: string,
  options: { now?: Date } = {},
): Promise<UpdateGroupResult[]> {
  const { groupIds, ...changes } = BulkGroupChanges.parse(input);
  const now = options.now ?? new Date();
  return prisma.$transaction(async (tx) => {
    const results: UpdateGroupResult[] = [];
    for (const id of new Set(groupIds)) results.push(await applyGroupChanges(tx, id, changes, actor, now, projectId));
    return results;
  });
}

/** The project's id for a slug, or NotFoundError: route handlers scope changes to the project in the URL. */
export async function getProjectIdOrThrow(prisma: PrismaClient, slug: string): Promise<string> {
  const project = await prisma.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) throw new NotFoundError("project", `Project "${slug}" does not exist`);
  return project.id;
}
