// Teams and ownership rules of a project, and CODEOWNERS import. Every change is recorded in the
// audit trail (triage_events without a failure group: `team.<change>`, `ownership.<change>`) and,
// when it can change who owns a failure group, queues an `ownership` job in the same transaction
// (lib/ingest/ownership.ts reassigns groups and recomputes the team rollups).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TransactionClient } from "@/lib/generated/prisma/internal/prismaNamespace";
import { CATEGORIES, categoryFromDb, categoryToDb, type Category } from "@/lib/domain/vocabulary";
import { checkPathPattern, codeownersToPathRules, OWNERSHIP_PRECEDENCE, parseCodeowners, teamNameFromHandle, type CodeownersProblem, type OwnershipRuleDef } from "@/lib/ownership";
import { slugify } from "./projects";
import { NotFoundError } from "./errors";
import { assertCompleteOrder } from "./order";

export const OWNERSHIP_JOB_KIND = "ownership";

const TEAM_SLUG = z
  .string()
  .trim()
  .min(1)
  .max(48)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and dashes");
const COLOR = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour such as #0ea5e9")
  .transform((c) => c.toLowerCase());

/** A team as the API and the teams page send it; the slug defaults to the name's. */
export const TeamInput = z
  .object({
    name: z.string().trim().min(1, "A team needs a name").max(100),
    slug: TEAM_SLUG.optional(),
    color: COLOR.default("#64748b"),
  })
  .strict();
export type TeamInput = z.input<typeof TeamInput>;

export const TeamPatch = z
  .object({ name: z.string().trim().min(1, "A team needs a name").max(100), slug: TEAM_SLUG, color: COLOR })
  .partial()
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: "Nothing to change" });
export type TeamPatch = z.input<typeof TeamPatch>;

const PATTERN = z
  .string()
  .trim()
  .min(1, "A path rule needs a pattern")
  .max(1000)
  .superRefine((pattern, ctx) => {
    const problem = checkPathPattern(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const TEAM_ID = z.string().min(1).max(100);

/** A category rule gives a category to a team; a path rule gives the tests its CODEOWNERS pattern matches to a team (or to nobody). */
export const OwnershipRuleInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("category"), category: z.enum(CATEGORIES), teamId: TEAM_ID }).strict(),
  z.object({ kind: z.literal("path"), pattern: PATTERN, teamId: TEAM_ID.nullable() }).strict(),
]);
export type OwnershipRuleInput = z.infer<typeof OwnershipRuleInput>;

/** A partial update; the kind of a rule does not change. */
export const OwnershipRulePatch = z
  .object({ category: z.enum(CATEGORIES), pattern: PATTERN, teamId: TEAM_ID.nullable() })
  .partial()
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: "Nothing to change" });
export type OwnershipRulePatch = z.infer<typeof OwnershipRulePatch>;

export const OwnershipRuleOrder = z.object({ ruleIds: z.array(z.string().min(1).max(100)).max(5000) }).strict();
export type OwnershipRuleOrder = z.infer<typeof OwnershipRuleOrder>;

const CODEOWNERS_CONTENT = z.string().max(1_000_000, "A CODEOWNERS file is at most 1 MB");

export const CodeownersPreviewInput = z.object({ content: CODEOWNERS_CONTENT }).strict();
export type CodeownersPreviewInput = z.infer<typeof CodeownersPreviewInput>;

/** Each owner handle → an existing team, a new team named after the handle, or ignored (not listed: ignored). */
export const CodeownersMapping = z.union([z.literal("ignore"), z.literal("create"), z.object({ teamId: TEAM_ID }).strict()]);
export type CodeownersMapping = z.infer<typeof CodeownersMapping>;

export const CodeownersImportInput = z
  .object({
    content: CODEOWNERS_CONTENT,
    mapping: z.record(z.string().max(200), CodeownersMapping).default({}),
    /** `append` (default) adds after the project's rules; `replace` deletes its path rules first (category rules stay). */
    mode: z.enum(["append", "replace"]).default("append"),
  })
  .strict();
export type CodeownersImportInput = z.input<typeof CodeownersImportInput>;

export interface TeamView {
  id: string;
  slug: string;
  name: string;
  color: string;
  createdAt: string;
}

export type OwnershipRuleView = {
  id: string;
  position: number;
  teamId: string | null;
  source: string | null;
  createdAt: string;
} & ({ kind: "category"; category: Category; pattern: null } | { kind: "path"; category: null; pattern: string });

export interface OwnershipEvent {
  id: string;
  actor: string;
  action: string;
  fromValue: string | null;
  toValue: string | null;
  note: string | null;
  createdAt: string;
}

export interface OwnershipOverview {
  teams: TeamView[];
  /** Every rule in position order; category rules are evaluated before path rules whatever their position. */
  rules: OwnershipRuleView[];
  precedence: readonly string[];
  /** The latest ownership job (to show its progress), if any. */
  job: { id: string; status: string; progress: number; total: number } | null;
  events: OwnershipEvent[];
}

export interface OwnershipChange<T> {
  value: T;
  /** The ownership job queued by the change (the caller starts it), or null when nothing can change owners. */
  jobId: string | null;
}

type TeamRow = { id: string; slug: string; name: string; color: string; createdAt: Date };
type RuleRow = { id: string; position: number; kind: "category" | "path"; category: Parameters<typeof categoryFromDb>[0] | null; pathGlob: string | null; teamId: string | null; source: string | null; createdAt: Date };

const toTeam = (t: TeamRow): TeamView => ({ id: t.id, slug: t.slug, name: t.name, color: t.color, createdAt: t.createdAt.toISOString() });

function toRule(r: RuleRow): OwnershipRuleView {
  const common = { id: r.id, position: r.position, teamId: r.teamId, source: r.source, createdAt: r.createdAt.toISOString() };
  return r.kind === "category" && r.category !== null
    ? { ...common, kind: "category", category: categoryFromDb(r.category), pattern: null }
    : { ...common, kind: "path", category: null, pattern: r.pathGlob ?? "" };
}

type Db = PrismaClient | TransactionClient;

export async function listTeams(prisma: Db, projectId: string): Promise<TeamView[]> {
  return (await prisma.team.findMany({ where: { projectId }, orderBy: [{ name: "asc" }, { id: "asc" }] })).map(toTeam);
}

export async function listOwnershipRules(prisma: Db, projectId: string): Promise<OwnershipRuleView[]> {
  return (await prisma.ownershipRule.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }, { id: "asc" }] })).map(toRule);
}

/** The rules as lib/ownership evaluates them. */
export async function loadOwnershipRuleDefs(prisma: Db, projectId: string): Promise<OwnershipRuleDef[]> {
  return (await listOwnershipRules(prisma, projectId)).flatMap((r): OwnershipRuleDef[] => {
    if (r.kind === "category") return r.teamId === null ? [] : [{ id: r.id, kind: "category", position: r.position, teamId: r.teamId, category: r.category }];
    return [{ id: r.id, kind: "path", position: r.position, teamId: r.teamId, pattern: r.pattern }];
  });
}

const OWNERSHIP_ACTION_PREFIXES = ["team.", "ownership."];

/** What the teams page shows: teams, rules, the precedence in words, the latest job and recent changes. */
export async function getOwnershipOverview(prisma: PrismaClient, projectId: string): Promise<OwnershipOverview> {
  const [teams, rules, job, events] = await Promise.all([
    listTeams(prisma, projectId),
    listOwnershipRules(prisma, projectId),
    prisma.job.findFirst({ where: { projectId, kind: OWNERSHIP_JOB_KIND }, orderBy: { createdAt: "desc" }, select: { id: true, status: true, progress: true, total: true } }),
    prisma.triageEvent.findMany({
      where: { projectId, failureGroupId: null, OR: OWNERSHIP_ACTION_PREFIXES.map((prefix) => ({ action: { startsWith: prefix } })) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 20,
    }),
  ]);
  return {
    teams,
    rules,
    precedence: OWNERSHIP_PRECEDENCE,
    job,
    events: events.map((e) => ({ id: e.id, actor: e.actor, action: e.action, fromValue: e.fromValue, toValue: e.toValue, note: e.note, createdAt: e.createdAt.toISOString() })),
  };
}

// ---------------------------------------------------------------- audit and job

async function recordEvent(tx: TransactionClient, projectId: string, actor: string, action: string, fromValue: string | null, toValue: string | null, note: string | null = null, at = new Date()): Promise<void> {
  await tx.triageEvent.create({ data: { id: randomUUID(), projectId, failureGroupId: null, actor, action, fromValue, toValue, note, createdAt: at } });
}

/**
 * Queues the project's ownership job. A job still queued is reused: it has not read the rules or
 * assignments yet, so it will apply this change too (a run of quick changes costs one recompute).
 */
export async function queueOwnershipJob(tx: TransactionClient, projectId: string, reason: string): Promise<string> {
  const queued = await tx.job.findFirst({ where: { projectId, kind: OWNERSHIP_JOB_KIND, status: "queued" }, orderBy: { createdAt: "desc" }, select: { id: true } });
  if (queued) return queued.id;
  const job = await tx.job.create({ data: { projectId, kind: OWNERSHIP_JOB_KIND, status: "queued", payload: { reason } } });
  return job.id;
}

function describeTeam(team: Pick<TeamView, "name" | "slug" | "color">): string {
  return `${team.name} (${team.slug}, ${team.color})`;
}

async function teamNames(tx: Db, projectId: string): Promise<Map<string, string>> {
  const teams = await tx.team.findMany({ where: { projectId }, select: { id: true, name: true } });
  return new Map(teams.map((t) => [t.id, t.name]));
}

function describeRule(rule: Pick<OwnershipRuleView, "kind" | "category" | "pattern" | "teamId">, names: Map<string, string>): string {
  const owner = rule.teamId === null ? "no owner" : (names.get(rule.teamId) ?? rule.teamId);
  return rule.kind === "category" ? `category ${rule.category} → ${owner}` : `path ${rule.pattern} → ${owner}`;
}

// ---------------------------------------------------------------- teams

async function getTeamOrThrow(tx: Db, projectId: string, teamId: string): Promise<TeamRow> {
  const team = await tx.team.findFirst({ where: { projectId, OR: [{ id: teamId }, { slug: teamId }] } });
  if (!team) throw new NotFoundError("team", `Team "${teamId}" does not exist in this project`);
  return team;
}

async function assertSlugFree(tx: Db, projectId: string, slug: string, exceptId?: string): Promise<void> {
  const taken = await tx.team.findFirst({ where: { projectId, slug, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw new z.ZodError([{ code: "custom", path: ["slug"], message: `The slug "${slug}" is taken by another team`, input: slug }]);
}

/** Creating or restyling a team changes nobody's failures: no job. */
export async function createTeam(prisma: PrismaClient, projectId: string, input: TeamInput, actor: string): Promise<OwnershipChange<TeamView>> {
  const data = TeamInput.parse(input);
  const slug = data.slug ?? slugify(data.name);
  if (!slug) throw new z.ZodError([{ code: "custom", path: ["slug"], message: "The name gives no slug: set one", input: data.name }]);
  return prisma.$transaction(async (tx) => {
    await assertSlugFree(tx, projectId, slug);
    const team = toTeam(await tx.team.create({ data: { projectId, slug, name: data.name, color: data.color } }));
    await recordEvent(tx, projectId, actor, "team.create", null, describeTeam(team));
    return { value: team, jobId: null };
  });
}

export async function updateTeam(prisma: PrismaClient, projectId: string, teamId: string, patch: TeamPatch, actor: string): Promise<OwnershipChange<TeamView>> {
  const changes = TeamPatch.parse(patch);
  return prisma.$transaction(async (tx) => {
    const current = toTeam(await getTeamOrThrow(tx, projectId, teamId));
    if (changes.slug !== undefined) await assertSlugFree(tx, projectId, changes.slug, current.id);
    const team = toTeam(await tx.team.update({ where: { id: current.id }, data: changes }));
    await recordEvent(tx, projectId, actor, "team.update", describeTeam(current), describeTeam(team));
    return { value: team, jobId: null };
  });
}

/**
 * Deletes a team with its rules. Groups assigned to it by hand go back to the ownership rules
 * (a manual assignment to a team that no longer exists means nothing), and the job reassigns them.
 */
export async function deleteTeam(prisma: PrismaClient, projectId: string, teamId: string, actor: string): Promise<OwnershipChange<{ id: string }>> {
  return prisma.$transaction(async (tx) => {
    const current = toTeam(await getTeamOrThrow(tx, projectId, teamId));
    const rules = await tx.ownershipRule.count({ where: { teamId: current.id } });
    await tx.failureGroup.updateMany({ where: { projectId, assigneeTeamId: current.id }, data: { assignedManually: false } });
    await tx.team.delete({ where: { id: current.id } });
    await recordEvent(tx, projectId, actor, "team.delete", describeTeam(current), null, rules > 0 ? `with its ${rules} ownership rule${rules === 1 ? "" : "s"}` : null);
    return { value: { id: current.id }, jobId: await queueOwnershipJob(tx, projectId, `team.delete ${current.slug}`) };
  });
}

// ---------------------------------------------------------------- rules

async function getRuleOrThrow(tx: Db, projectId: string, ruleId: string): Promise<OwnershipRuleView> {
  const row = await tx.ownershipRule.findFirst({ where: { id: ruleId, projectId } });
  if (!row) throw new NotFoundError("rule", `Ownership rule "${ruleId}" does not exist in this project`);
  return toRule(row);
}

async function assertTeam(tx: Db, projectId: string, teamId: string | null, path: string): Promise<void> {
  if (teamId === null) return;
  const team = await tx.team.findFirst({ where: { id: teamId, projectId }, select: { id: true } });
  if (!team) throw new z.ZodError([{ code: "custom", path: [path], message: `Team "${teamId}" does not exist in this project`, input: teamId }]);
}

async function nextPosition(tx: Db, projectId: string): Promise<number> {
  const last = await tx.ownershipRule.aggregate({ where: { projectId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

function toData(rule: OwnershipRuleInput) {
  return rule.kind === "category"
    ? { kind: "category" as const, category: categoryToDb(rule.category), pathGlob: null, teamId: rule.teamId }
    : { kind: "path" as const, category: null, pathGlob: rule.pattern, teamId: rule.teamId };
}

/** Adds a rule after the project's rules. */
export async function createOwnershipRule(prisma: PrismaClient, projectId: string, input: OwnershipRuleInput, actor: string): Promise<OwnershipChange<OwnershipRuleView>> {
  const data = OwnershipRuleInput.parse(input);
  return prisma.$transaction(async (tx) => {
    await assertTeam(tx, projectId, data.teamId, "teamId");
    const rule = toRule(await tx.ownershipRule.create({ data: { projectId, position: await nextPosition(tx, projectId), ...toData(data) } }));
    await recordEvent(tx, projectId, actor, "ownership.create", null, describeRule(rule, await teamNames(tx, projectId)));
    return { value: rule, jobId: await queueOwnershipJob(tx, projectId, `ownership.create ${rule.id}`) };
  });
}

export async function updateOwnershipRule(prisma: PrismaClient, projectId: string, ruleId: string, patch: OwnershipRulePatch, actor: string): Promise<OwnershipChange<OwnershipRuleView>> {
  const changes = OwnershipRulePatch.parse(patch);
  return prisma.$transaction(async (tx) => {
    const current = await getRuleOrThrow(tx, projectId, ruleId);
    const merged =
      current.kind === "category"
        ? { kind: "category" as const, category: changes.category ?? current.category, teamId: changes.teamId !== undefined ? changes.teamId : current.teamId }
        : { kind: "path" as const, pattern: changes.pattern ?? current.pattern, teamId: changes.teamId !== undefined ? changes.teamId : current.teamId };
    if (current.kind === "category" && changes.pattern !== undefined) throw new z.ZodError([{ code: "custom", path: ["pattern"], message: "A category rule has no pattern", input: changes.pattern }]);
    if (current.kind === "path" && changes.category !== undefined) throw new z.ZodError([{ code: "custom", path: ["category"], message: "A path rule has no category", input: changes.category }]);
    const data = OwnershipRuleInput.parse(merged);
    await assertTeam(tx, projectId, data.teamId, "teamId");
    const rule = toRule(await tx.ownershipRule.update({ where: { id: current.id }, data: toData(data) }));
    const names = await teamNames(tx, projectId);
    await recordEvent(tx, projectId, actor, "ownership.update", describeRule(current, names), describeRule(rule, names));
    return { value: rule, jobId: await queueOwnershipJob(tx, projectId, `ownership.update ${rule.id}`) };
  });
}

export async function deleteOwnershipRule(prisma: PrismaClient, projectId: string, ruleId: string, actor: string): Promise<OwnershipChange<{ id: string }>> {
  return prisma.$transaction(async (tx) => {
    const current = await getRuleOrThrow(tx, projectId, ruleId);
    const names = await teamNames(tx, projectId);
    await tx.ownershipRule.delete({ where: { id: current.id } });
    await recordEvent(tx, projectId, actor, "ownership.delete", describeRule(current, names), null);
    return { value: { id: current.id }, jobId: await queueOwnershipJob(tx, projectId, `ownership.delete ${current.id}`) };
  });
}

/** New order: `ruleIds` must name every ownership rule of the project exactly once. */
export async function reorderOwnershipRules(prisma: PrismaClient, projectId: string, order: OwnershipRuleOrder, actor: string): Promise<OwnershipChange<OwnershipRuleView[]>> {
  const { ruleIds } = OwnershipRuleOrder.parse(order);
  return prisma.$transaction(async (tx) => {
    const current = await listOwnershipRules(tx, projectId);
    assertCompleteOrder(current.map((r) => r.id), ruleIds, "ownership rule");
    for (const [position, id] of ruleIds.entries()) await tx.ownershipRule.update({ where: { id }, data: { position } });
    const names = await teamNames(tx, projectId);
    const byId = new Map(current.map((r) => [r.id, r]));
    const describe = (ids: string[]) => ids.map((id) => describeRule(byId.get(id)!, names)).join(" › ");
    await recordEvent(tx, projectId, actor, "ownership.reorder", describe(current.map((r) => r.id)), describe(ruleIds));
    return { value: await listOwnershipRules(tx, projectId), jobId: await queueOwnershipJob(tx, projectId, "ownership.reorder") };
  });
}

// ---------------------------------------------------------------- CODEOWNERS

export interface CodeownersPreview {
  /** Lines read as patterns with owners, in file order. */
  entries: { line: number; pattern: string; owners: string[] }[];
  problems: CodeownersProblem[];
  /** Every owner handle with a suggested mapping: the team whose slug or name matches the handle, else "create". */
  owners: { handle: string; lines: number; suggestion: CodeownersMapping }[];
}

/** What a CODEOWNERS file contains and how its owners could map to the project's teams. Writes nothing. */
export async function previewCodeowners(prisma: PrismaClient, projectId: string, input: CodeownersPreviewInput): Promise<CodeownersPreview> {
  const { content } = CodeownersPreviewInput.parse(input);
  const parsed = parseCodeowners(content);
  const teams = await listTeams(prisma, projectId);
  return {
    entries: parsed.entries,
    problems: parsed.problems,
    owners: parsed.owners.map(({ handle, lines }) => {
      const name = teamNameFromHandle(handle).toLowerCase();
      const team = teams.find((t) => t.slug === slugify(name) || t.name.toLowerCase() === name);
      return { handle, lines, suggestion: team ? { teamId: team.id } : "create" };
    }),
  };
}

export interface CodeownersImportResult {
  rules: OwnershipRuleView[];
  createdTeams: TeamView[];
  problems: CodeownersProblem[];
}

const NEW_TEAM_COLORS = ["#0ea5e9", "#22c55e", "#f59e0b", "#8b5cf6", "#ef4444", "#14b8a6", "#ec4899", "#64748b"];

/**
 * Imports a CODEOWNERS file as path rules (last line first: see lib/ownership/codeowners.ts),
 * creating the teams mapped to "create". `replace` deletes the project's path rules first.
 */
export async function importCodeowners(prisma: PrismaClient, projectId: string, input: CodeownersImportInput, actor: string): Promise<OwnershipChange<CodeownersImportResult>> {
  const { content, mapping, mode } = CodeownersImportInput.parse(input);
  const parsed = parseCodeowners(content);
  if (parsed.entries.length === 0) throw new z.ZodError([{ code: "custom", path: ["content"], message: "The CODEOWNERS file has no pattern lines", input: "" }]);
  const named = new Set(parsed.owners.map((o) => o.handle));
  const strays = Object.keys(mapping).filter((handle) => !named.has(handle));
  if (strays.length > 0) throw new z.ZodError([{ code: "custom", path: ["mapping"], message: `Not an owner in this file: ${strays.join(", ")}`, input: strays }]);
  return prisma.$transaction(async (tx) => {
    const teamByHandle = new Map<string, string>();
    const createdTeams: TeamView[] = [];
    const at = Date.now();
    let eventIndex = 0;
    const nextEventTime = () => new Date(at + eventIndex++);
    for (const { handle } of parsed.owners) {
      const target = mapping[handle] ?? "ignore";
      if (target === "ignore") continue;
      if (target === "create") {
        const name = teamNameFromHandle(handle);
        let slug = slugify(name) || "team";
        for (let n = 2; await tx.team.findFirst({ where: { projectId, slug }, select: { id: true } }); n++) slug = `${slugify(name) || "team"}-${n}`;
        const team = toTeam(await tx.team.create({ data: { projectId, slug, name: handle, color: NEW_TEAM_COLORS[createdTeams.length % NEW_TEAM_COLORS.length]! } }));
        createdTeams.push(team);
        teamByHandle.set(handle, team.id);
        await recordEvent(tx, projectId, actor, "team.create", null, describeTeam(team), `from CODEOWNERS owner ${handle}`, nextEventTime());
      } else {
        await assertTeam(tx, projectId, target.teamId, `mapping.${handle}`);
        teamByHandle.set(handle, target.teamId);
      }
    }
    if (mode === "replace") await tx.ownershipRule.deleteMany({ where: { projectId, kind: "path" } });
    let position = await nextPosition(tx, projectId);
    const rules: OwnershipRuleView[] = [];
    for (const rule of codeownersToPathRules(parsed, (handle) => teamByHandle.get(handle) ?? null)) {
      rules.push(toRule(await tx.ownershipRule.create({ data: { projectId, position: position++, kind: "path", pathGlob: rule.pattern, teamId: rule.teamId, source: rule.source } })));
    }
    const owned = rules.filter((r) => r.teamId !== null).length;
    await recordEvent(
      tx,
      projectId,
      actor,
      "ownership.import",
      null,
      `${rules.length} path rule${rules.length === 1 ? "" : "s"} (${owned} with a team) from CODEOWNERS`,
      `${mode}; ${[...teamByHandle.keys()].length} owner${teamByHandle.size === 1 ? "" : "s"} mapped to teams${parsed.problems.length > 0 ? `; ${parsed.problems.length} line(s) skipped` : ""}`,
      nextEventTime(),
    );
    return { value: { rules, createdTeams, problems: parsed.problems }, jobId: await queueOwnershipJob(tx, projectId, "ownership.import") };
  });
}
