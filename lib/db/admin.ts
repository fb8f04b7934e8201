// Project administration: settings, upload tokens, deleting runs and projects — each change audited.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "@/lib/api/tokens";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TransactionClient } from "@/lib/generated/prisma/internal/prismaNamespace";
import { NotFoundError } from "./errors";
import { lockProjectWrites } from "./project-lock";

/** Admin actions in the audit trail (TriageEvent rows without a failure group). */
export const ADMIN_ACTIONS = ["project.update", "token.create", "token.revoke", "run.delete", "test.retire", "test.restore"] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

export interface AdminEvent {
  id: string;
  actor: string;
  action: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  createdAt: string;
}

async function recordAdminEvents(
  tx: TransactionClient | PrismaClient,
  projectId: string,
  actor: string,
  events: { action: AdminAction; fromValue?: string | null; toValue?: string | null; note?: string | null }[],
): Promise<void> {
  if (events.length === 0) return;
  const now = Date.now();
  // Distinct timestamps keep the order of events recorded by one request.
  await tx.triageEvent.createMany({
    data: events.map((e, i) => ({ id: randomUUID(), projectId, actor, action: e.action, fromValue: e.fromValue ?? null, toValue: e.toValue ?? null, note: e.note ?? null, createdAt: new Date(now + i) })),
  });
}

async function projectOrThrow(prisma: PrismaClient, slug: string) {
  const project = await prisma.project.findUnique({ where: { slug } });
  if (!project) throw new NotFoundError("project", `Project "${slug}" does not exist`);
  return project;
}

// ---------------------------------------------------------------- settings

/** What the general settings page edits; `passRateTarget` is a fraction (1 = 100 %). */
export const ProjectSettingsChanges = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(100),
    defaultBranch: z.string().trim().min(1, "Default branch is required").max(200),
    passRateTarget: z.number().gt(0, "The target must be above 0 %").max(1, "The target cannot be above 100 %"),
    missingTestWindow: z.number().int().min(1).max(100),
    runIdleTimeoutMinutes: z.number().int().min(1).max(7 * 24 * 60),
  })
  .partial()
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: "Nothing to change" });
export type ProjectSettingsChanges = z.infer<typeof ProjectSettingsChanges>;

export interface ProjectSettings {
  project: { id: string; slug: string; name: string; defaultBranch: string; passRateTarget: number; missingTestWindow: number; runIdleTimeoutMinutes: number; createdAt: string };
  /** Recent admin changes, newest first. */
  events: AdminEvent[];
}

export async function getProjectSettings(prisma: PrismaClient, slug: string): Promise<ProjectSettings | null> {
  const project = await prisma.project.findUnique({ where: { slug } });
  if (!project) return null;
  const events = await prisma.triageEvent.findMany({
    where: { projectId: project.id, failureGroupId: null, action: { in: [...ADMIN_ACTIONS] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 20,
  });
  return {
    project: {
      id: project.id,
      slug: project.slug,
      name: project.name,
      defaultBranch: project.defaultBranch,
      passRateTarget: project.passRateTarget,
      missingTestWindow: project.missingTestWindow,
      runIdleTimeoutMinutes: project.runIdleTimeoutMinutes,
      createdAt: project.createdAt.toISOString(),
    },
    events: events.map((e) => ({ id: e.id, actor: e.actor, action: e.action, fromValue: e.fromValue, toValue: e.toValue, note: e.note, createdAt: e.createdAt.toISOString() })),
  };
}

/** Changes the project's settings; one `project.update` event per field that really changed (`note` names the field). */
export async function updateProjectSettings(prisma: PrismaClient, slug: string, input: ProjectSettingsChanges, actor: string): Promise<ProjectSettings> {
  const changes = ProjectSettingsChanges.parse(input);
  const project = await projectOrThrow(prisma, slug);
  const changed = (Object.keys(changes) as (keyof ProjectSettingsChanges)[]).filter((field) => changes[field] !== undefined && changes[field] !== project[field]);
  if (changed.length > 0) {
    await prisma.$transaction(async (tx) => {
      await tx.project.update({ where: { id: project.id }, data: Object.fromEntries(changed.map((f) => [f, changes[f]])) });
      await recordAdminEvents(
        tx,
        project.id,
        actor,
        changed.map((field) => ({ action: "project.update", note: field, fromValue: String(project[field]), toValue: String(changes[field]) })),
      );
    });
  }
  return (await getProjectSettings(prisma, slug))!;
}

/**
 * Deletes the project and everything in it (runs, results, tests, groups, tokens, its audit trail),
 * in one transaction. Results and tests carry no foreign keys (docs/decisions.md), so no cascade
 * reaches them: they go first, explicitly; the rest cascades from the project.
 */
export async function deleteProject(prisma: PrismaClient, projectId: string): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      // The project's write lock waits for uploads in flight (each holds it); locking the project row
      // stops new runs (their foreign-key check needs it), so nothing is added behind the deletes.
      await lockProjectWrites(tx, projectId);
      await tx.$queryRawUnsafe(`SELECT id FROM projects WHERE id = $1 FOR UPDATE`, projectId);
      await tx.$executeRawUnsafe(`DELETE FROM results r USING runs ru WHERE ru.id = r."runId" AND ru."projectId" = $1`, projectId);
      await tx.$executeRawUnsafe(`DELETE FROM tests WHERE "projectId" = $1`, projectId);
      await tx.project.delete({ where: { id: projectId } });
    },
    DELETE_TRANSACTION,
  );
}

// ---------------------------------------------------------------- tokens

export interface TokenItem {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const TokenInput = z.object({ name: z.string().trim().min(1, "Name the token (where it is used)").max(100) }).strict();
export type TokenInput = z.infer<typeof TokenInput>;

const tokenItem = (t: { id: string; name: string; prefix: string; createdAt: Date; lastUsedAt?: Date | null; revokedAt?: Date | null }): TokenItem => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

export async function listProjectTokens(prisma: PrismaClient, slug: string): Promise<TokenItem[]> {
  const project = await projectOrThrow(prisma, slug);
  return (await listApiTokens(prisma, project.id)).map(tokenItem);
}

/** A new upload token; the secret is in the answer and nowhere else (only its hash is stored). */
export async function createProjectToken(prisma: PrismaClient, slug: string, input: TokenInput, actor: string): Promise<TokenItem & { token: string }> {
  const { name } = TokenInput.parse(input);
  const project = await projectOrThrow(prisma, slug);
  const created = await createApiToken(prisma, project.id, name);
  await recordAdminEvents(prisma, project.id, actor, [{ action: "token.create", toValue: `${created.prefix} · ${created.name}` }]);
  return { ...tokenItem(created), token: created.token };
}

/** Revokes one token of the project; revoking a revoked token changes nothing and records nothing. */
export async function revokeProjectToken(prisma: PrismaClient, slug: string, tokenId: string, actor: string): Promise<TokenItem> {
  const project = await projectOrThrow(prisma, slug);
  const token = await prisma.apiToken.findFirst({ where: { id: tokenId, projectId: project.id } });
  if (!token) throw new NotFoundError("token", `Token "${tokenId}" does not exist in project "${slug}"`);
  if (!token.revokedAt) {
    await revokeApiToken(prisma, project.id, token.prefix);
    await recordAdminEvents(prisma, project.id, actor, [{ action: "token.revoke", fromValue: `${token.prefix} · ${token.name}` }]);
  }
  return tokenItem(await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } }));
}

// ---------------------------------------------------------------- runs

/** The run (of the project) a delete names; null when it is not the project's. */
export async function getRunRef(prisma: PrismaClient, slug: string, runId: string) {
  return prisma.run.findFirst({
    where: { id: runId, project: { slug } },
    select: { id: true, runKey: true, branch: true, projectId: true, project: { select: { id: true, slug: true, defaultBranch: true } } },
  });
}

/**
 * Deletes a run with its uploads, results and rollups, in one transaction. Results carry no foreign
 * keys (docs/decisions.md): they are deleted explicitly, the rest cascades from the run. Failure
 * groups it contributed to get their counts and first/last seen recomputed from what remains; a
 * group seen only in this run goes with it.
 */
export async function deleteRun(prisma: PrismaClient, runId: string, actor: string): Promise<{ runKey: string; deletedGroups: number }> {
  return prisma.$transaction(async (tx) => {
    // The project's write lock first: an upload in flight (into this run or another) holds it, so
    // this waits for it and then sees all its results and the groups they point at.
    const [owner] = await tx.$queryRawUnsafe<{ projectId: string }[]>(`SELECT "projectId" FROM runs WHERE id = $1`, runId);
    if (!owner) throw new NotFoundError("run", `Run "${runId}" does not exist`);
    await lockProjectWrites(tx, owner.projectId);
    const [run] = await tx.$queryRawUnsafe<{ id: string; runKey: string; projectId: string; branch: string | null }[]>(
      `SELECT id, "runKey", "projectId", branch FROM runs WHERE id = $1 FOR UPDATE`,
      runId,
    );
    if (!run) throw new NotFoundError("run", `Run "${runId}" does not exist`);
    const groups = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT DISTINCT "failureGroupId" AS id FROM results WHERE "runId" = $1 AND "failureGroupId" IS NOT NULL`, runId);
    await tx.$executeRawUnsafe(`DELETE FROM results WHERE "runId" = $1`, runId);
    await tx.run.delete({ where: { id: runId } });
    const groupIds = groups.map((g) => g.id);
    let deletedGroups = 0;
    if (groupIds.length > 0) {
      deletedGroups = await tx.$executeRawUnsafe(
        `DELETE FROM failure_groups g WHERE g.id = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM results r WHERE r."failureGroupId" = g.id)`,
        groupIds,
      );
      await tx.$executeRawUnsafe(
        `UPDATE failure_groups g SET occurrences = s.occurrences, "affectedTests" = s.tests,
           "firstSeenAt" = s.first_at, "lastSeenAt" = s.last_at, "firstSeenRunId" = s.first_run, "lastSeenRunId" = s.last_run
         FROM (
           SELECT r."failureGroupId" AS id, count(*)::int AS occurrences, count(DISTINCT r."testId")::int AS tests,
             min(ru."startedAt") AS first_at, max(ru."startedAt") AS last_at,
             (array_agg(ru.id ORDER BY ru."startedAt"))[1] AS first_run, (array_agg(ru.id ORDER BY ru."startedAt" DESC))[1] AS last_run
           FROM results r JOIN runs ru ON ru.id = r."runId"
           WHERE r."failureGroupId" = ANY($1::text[])
           GROUP BY r."failureGroupId"
         ) s WHERE g.id = s.id`,
        groupIds,
      );
    }
    await recordAdminEvents(tx, run.projectId, actor, [
      { action: "run.delete", fromValue: run.runKey, note: run.branch ? `on ${run.branch}` : null },
    ]);
    return { runKey: run.runKey, deletedGroups };
  }, DELETE_TRANSACTION);
}

/** Deletes wait for uploads in flight (the project's write lock) and may remove many rows. */
const DELETE_TRANSACTION = { timeout: 300_000, maxWait: 60_000 };

// ---------------------------------------------------------------- tests

export const TestRetirement = z.object({ retired: z.boolean() }).strict();
export type TestRetirement = z.infer<typeof TestRetirement>;

/**
 * Marks a test removed on purpose (it is then never reported missing) or restores it. A retired
 * test that reports again is un-retired by ingestion. Audited as `test.retire` / `test.restore`.
 */
export async function setTestRetired(
  prisma: PrismaClient,
  slug: string,
  testId: string,
  { retired }: TestRetirement,
  actor: string,
): Promise<{ id: string; key: string; retiredAt: string | null }> {
  const project = await projectOrThrow(prisma, slug);
  return prisma.$transaction(async (tx) => {
    const test = await tx.test.findFirst({ where: { id: testId, projectId: project.id } });
    if (!test) throw new NotFoundError("test", `Test "${testId}" does not exist in project "${slug}"`);
    if ((test.retiredAt !== null) === retired) return { id: test.id, key: test.key, retiredAt: test.retiredAt?.toISOString() ?? null };
    const updated = await tx.test.update({ where: { id: test.id }, data: { retiredAt: retired ? new Date() : null } });
    await recordAdminEvents(tx, project.id, actor, [{ action: retired ? "test.retire" : "test.restore", toValue: test.key }]);
    return { id: updated.id, key: updated.key, retiredAt: updated.retiredAt?.toISOString() ?? null };
  });
}
