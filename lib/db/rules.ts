// A project's own classification rules: stored in `classification_rules`, evaluated in `position`
// order before the default rulebook. Every change is recorded in the audit trail (triage_events
// with no failure group, action `rule.<change>`) and queues a reclassification job.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { buildRulebook, classifyResult, compileRules, exportAllureCategories, importAllureCategories, DEFAULT_RULES, type RuleDefinition, type RuleStatus } from "@/lib/classify";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { TransactionClient } from "@/lib/generated/prisma/internal/prismaNamespace";
import { CATEGORIES, categoryFromDb, categoryToDb, type Category } from "@/lib/domain/vocabulary";
import { createClassifier, type Classifier } from "@/lib/ingest/classifier";
import { NotFoundError } from "./errors";
import { assertCompleteOrder } from "./order";

export const RULE_STATUSES = ["failed", "error", "skipped", "missing"] as const satisfies readonly RuleStatus[];

const pattern = z.string().max(2000).optional().nullable();

const REGEX_FIELDS = ["type", "message", "trace", "testName"] as const;

/**
 * A rule as the API and the rules page send it. Regexes are compiled here so a bad pattern is a
 * 400 naming the field at save time, never an error during ingestion.
 */
const RuleBody = z
  .object({
    name: z.string().trim().min(1, "A rule needs a name").max(200),
    category: z.enum(CATEGORIES),
    enabled: z.boolean().default(true),
    statuses: z.array(z.enum(RULE_STATUSES)).max(4).default([]),
    type: pattern,
    message: pattern,
    trace: pattern,
    file: pattern,
    testName: pattern,
    caseSensitive: z.boolean().default(false),
    dotAll: z.boolean().default(false),
  })
  .strict();

function checkRegexes(rule: z.infer<typeof RuleBody>, ctx: z.RefinementCtx): void {
  const flags = `${rule.caseSensitive ? "" : "i"}${rule.dotAll ? "s" : ""}`;
  for (const field of REGEX_FIELDS) {
    const source = rule[field];
    if (!source) continue;
    try {
      new RegExp(source, flags);
    } catch (error) {
      ctx.addIssue({ code: "custom", path: [field], message: `Not a valid regular expression: ${(error as Error).message}` });
    }
  }
}

/**
 * A rule as the API and the rules page send it. Regexes are compiled here so a bad pattern is a
 * 400 naming the field at save time, never an error during ingestion. A rule without any matcher
 * would match every failure and shadow the whole default rulebook, so one is required.
 */
export const RuleInput = RuleBody.superRefine((rule, ctx) => {
  checkRegexes(rule, ctx);
  if (![...REGEX_FIELDS, "file" as const].some((field) => rule[field]) && rule.statuses.length === 0) {
    ctx.addIssue({ code: "custom", path: [], message: "A rule needs at least one matcher (statuses, type, message, trace, file or test name)" });
  }
});
// An Allure category without regexes is a deliberate catch-all in categories.json: kept as imported.
const ImportedRule = RuleBody.superRefine(checkRegexes);
export type RuleInput = z.infer<typeof RuleInput>;

/** A partial update: any field of RuleInput; validated again as a whole once merged. */
export const RulePatch = z
  .object({
    name: z.string(),
    category: z.string(),
    enabled: z.boolean(),
    statuses: z.array(z.string()),
    type: pattern,
    message: pattern,
    trace: pattern,
    file: pattern,
    testName: pattern,
    caseSensitive: z.boolean(),
    dotAll: z.boolean(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: "Nothing to change" });
export type RulePatch = z.infer<typeof RulePatch>;

export const RuleOrder = z.object({ ruleIds: z.array(z.string().min(1).max(100)).max(1000) }).strict();
export type RuleOrder = z.infer<typeof RuleOrder>;

/** A stored project rule as the API returns it. */
export interface ProjectRule {
  id: string;
  position: number;
  name: string;
  category: Category;
  enabled: boolean;
  statuses: RuleStatus[];
  type: string | null;
  message: string | null;
  trace: string | null;
  file: string | null;
  testName: string | null;
  caseSensitive: boolean;
  dotAll: boolean;
  createdAt: string;
  updatedAt: string;
}

type RuleRow = Awaited<ReturnType<PrismaClient["classificationRule"]["findFirstOrThrow"]>>;

function toProjectRule(row: RuleRow): ProjectRule {
  return {
    id: row.id,
    position: row.position,
    name: row.name,
    category: categoryFromDb(row.category),
    enabled: row.enabled,
    statuses: row.statuses.filter((s): s is RuleStatus => s !== "passed"),
    type: row.typePattern,
    message: row.messagePattern,
    trace: row.tracePattern,
    file: row.fileGlob,
    testName: row.namePattern,
    caseSensitive: row.caseSensitive,
    dotAll: row.dotAll,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The rules engine's shape of a rule (lib/classify); empty matchers are left out. */
export function toRuleDefinition(rule: Pick<RuleInput, "name" | "category" | "statuses" | "type" | "message" | "trace" | "file" | "testName" | "caseSensitive" | "dotAll"> & { id: string }): RuleDefinition {
  const definition: RuleDefinition = { id: rule.id, name: rule.name, category: rule.category };
  if (rule.statuses.length > 0) definition.statuses = [...rule.statuses];
  if (rule.type) definition.type = rule.type;
  if (rule.message) definition.message = rule.message;
  if (rule.trace) definition.trace = rule.trace;
  if (rule.file) definition.file = rule.file;
  if (rule.testName) definition.testName = rule.testName;
  if (rule.caseSensitive) definition.caseSensitive = true;
  if (rule.dotAll) definition.dotAll = true;
  return definition;
}

function toData(input: RuleInput) {
  return {
    name: input.name,
    category: categoryToDb(input.category),
    enabled: input.enabled,
    statuses: input.statuses,
    typePattern: input.type || null,
    messagePattern: input.message || null,
    tracePattern: input.trace || null,
    fileGlob: input.file || null,
    namePattern: input.testName || null,
    caseSensitive: input.caseSensitive,
    dotAll: input.dotAll,
  };
}

function toInput(rule: ProjectRule): RuleInput {
  const { name, category, enabled, statuses, type, message, trace, file, testName, caseSensitive, dotAll } = rule;
  return { name, category, enabled, statuses, type, message, trace, file, testName, caseSensitive, dotAll };
}

export async function listRules(prisma: PrismaClient | TransactionClient, projectId: string): Promise<ProjectRule[]> {
  const rows = await prisma.classificationRule.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  return rows.map(toProjectRule);
}

/** The enabled project rules in evaluation order, as the rules engine takes them. */
export async function loadProjectRuleDefinitions(prisma: PrismaClient | TransactionClient, projectId: string): Promise<RuleDefinition[]> {
  return (await listRules(prisma, projectId)).filter((r) => r.enabled).map(toRuleDefinition);
}

/** The classifier every ingestion path of a project uses: its enabled rules first, then the defaults. */
export async function loadProjectClassifier(prisma: PrismaClient | TransactionClient, projectId: string): Promise<Classifier> {
  return createClassifier(await loadProjectRuleDefinitions(prisma, projectId));
}

/** The default rulebook, read-only, as the rules page lists it. */
export function listDefaultRules(): RuleDefinition[] {
  return DEFAULT_RULES.map((rule) => ({ ...rule }));
}

// ---------------------------------------------------------------- changes

export interface RuleChange<T> {
  value: T;
  /** The reclassification job queued by the change; the caller starts it (lib/db/jobs.ts). */
  jobId: string;
}

async function recordRuleEvent(
  tx: TransactionClient,
  projectId: string,
  actor: string,
  action: string,
  fromValue: string | null,
  toValue: string | null,
  note: string | null,
): Promise<void> {
  await tx.triageEvent.create({ data: { id: randomUUID(), projectId, failureGroupId: null, actor, action, fromValue, toValue, note } });
}

async function queueReclassify(tx: TransactionClient, projectId: string, reason: string): Promise<string> {
  const job = await tx.job.create({ data: { projectId, kind: "reclassify", status: "queued", payload: { reason } } });
  return job.id;
}

/** A one-line description of a rule for the audit trail. */
function describeRule(rule: ProjectRule | RuleInput): string {
  const matchers = (["statuses", "type", "message", "trace", "file", "testName"] as const)
    .filter((key) => (key === "statuses" ? rule.statuses.length > 0 : rule[key]))
    .map((key) => (key === "statuses" ? `statuses=${rule.statuses.join(",")}` : `${key}=${rule[key]}`));
  return `${rule.name} → ${rule.category}${matchers.length > 0 ? ` (${matchers.join("; ")})` : ""}${rule.enabled ? "" : " [disabled]"}`;
}

async function getRuleOrThrow(tx: TransactionClient, projectId: string, ruleId: string): Promise<ProjectRule> {
  const row = await tx.classificationRule.findFirst({ where: { id: ruleId, projectId } });
  if (!row) throw new NotFoundError("rule", `Rule "${ruleId}" does not exist in this project`);
  return toProjectRule(row);
}

async function nextPosition(tx: TransactionClient, projectId: string): Promise<number> {
  const last = await tx.classificationRule.aggregate({ where: { projectId }, _max: { position: true } });
  return (last._max.position ?? -1) + 1;
}

/** Adds a rule after the project's existing rules (still before every default rule). */
export async function createRule(prisma: PrismaClient, projectId: string, input: RuleInput, actor: string): Promise<RuleChange<ProjectRule>> {
  const data = RuleInput.parse(input);
  return prisma.$transaction(async (tx) => {
    const row = await tx.classificationRule.create({ data: { projectId, position: await nextPosition(tx, projectId), ...toData(data) } });
    const rule = toProjectRule(row);
    await recordRuleEvent(tx, projectId, actor, "rule.create", null, describeRule(rule), null);
    return { value: rule, jobId: await queueReclassify(tx, projectId, `rule.create ${rule.id}`) };
  });
}

export async function updateRule(prisma: PrismaClient, projectId: string, ruleId: string, patch: RulePatch, actor: string): Promise<RuleChange<ProjectRule>> {
  const changes = RulePatch.parse(patch);
  return prisma.$transaction(async (tx) => {
    const current = await getRuleOrThrow(tx, projectId, ruleId);
    const data = RuleInput.parse({ ...toInput(current), ...changes });
    const row = await tx.classificationRule.update({ where: { id: ruleId }, data: toData(data) });
    const rule = toProjectRule(row);
    await recordRuleEvent(tx, projectId, actor, "rule.update", describeRule(current), describeRule(rule), null);
    return { value: rule, jobId: await queueReclassify(tx, projectId, `rule.update ${rule.id}`) };
  });
}

export async function deleteRule(prisma: PrismaClient, projectId: string, ruleId: string, actor: string): Promise<RuleChange<{ id: string }>> {
  return prisma.$transaction(async (tx) => {
    const current = await getRuleOrThrow(tx, projectId, ruleId);
    await tx.classificationRule.delete({ where: { id: ruleId } });
    await recordRuleEvent(tx, projectId, actor, "rule.delete", describeRule(current), null, null);
    return { value: { id: ruleId }, jobId: await queueReclassify(tx, projectId, `rule.delete ${ruleId}`) };
  });
}

/** New evaluation order: `ruleIds` must name every rule of the project exactly once. */
export async function reorderRules(prisma: PrismaClient, projectId: string, order: RuleOrder, actor: string): Promise<RuleChange<ProjectRule[]>> {
  const { ruleIds } = RuleOrder.parse(order);
  return prisma.$transaction(async (tx) => {
    const current = await listRules(tx, projectId);
    assertCompleteOrder(current.map((r) => r.id), ruleIds, "rule");
    for (const [position, id] of ruleIds.entries()) await tx.classificationRule.update({ where: { id }, data: { position } });
    const names = (rules: { id: string }[]) => rules.map((r) => current.find((c) => c.id === r.id)?.name ?? r.id).join(" › ");
    await recordRuleEvent(tx, projectId, actor, "rule.reorder", names(current), names(ruleIds.map((id) => ({ id }))), null);
    return { value: await listRules(tx, projectId), jobId: await queueReclassify(tx, projectId, "rule.reorder") };
  });
}

// ---------------------------------------------------------------- Allure categories.json

export const AllureImport = z
  .object({
    /** The categories.json content: its parsed array, or the file's text. */
    categories: z.unknown(),
    /** Allure category name → Greenboard category; names not listed become `other`. */
    mapping: z.record(z.string(), z.enum(CATEGORIES)).default({}),
    /** `append` (default) adds after the project's rules; `replace` deletes them first. */
    mode: z.enum(["append", "replace"]).default("append"),
  })
  .strict();
export type AllureImport = z.infer<typeof AllureImport>;

/** Imports Allure categories as project rules (throws ClassifyError on bad JSON or a bad regex). */
export async function importAllureRules(prisma: PrismaClient, projectId: string, input: AllureImport, actor: string): Promise<RuleChange<ProjectRule[]>> {
  const { categories, mapping, mode } = AllureImport.parse(input);
  const definitions = importAllureCategories(categories, mapping);
  // Same validation as a rule saved by hand (Allure patterns are anchored and DOTALL here).
  compileRules(definitions);
  return prisma.$transaction(async (tx) => {
    if (mode === "replace") await tx.classificationRule.deleteMany({ where: { projectId } });
    let position = await nextPosition(tx, projectId);
    const created: ProjectRule[] = [];
    for (const definition of definitions) {
      const data = ImportedRule.parse({
        name: definition.name,
        category: definition.category,
        statuses: definition.statuses ?? [],
        message: definition.message,
        trace: definition.trace,
        caseSensitive: definition.caseSensitive ?? false,
        dotAll: definition.dotAll ?? false,
      });
      created.push(toProjectRule(await tx.classificationRule.create({ data: { projectId, position: position++, ...toData(data) } })));
    }
    await recordRuleEvent(
      tx,
      projectId,
      actor,
      "rule.import",
      null,
      created.map((r) => `${r.name} → ${r.category}`).join("; ") || "(no categories)",
      `Allure categories.json, ${mode}`,
    );
    return { value: created, jobId: await queueReclassify(tx, projectId, "rule.import") };
  });
}

/** The project's rules (and, optionally, the default rulebook after them) as Allure categories.json. */
export async function exportAllureRules(prisma: PrismaClient, projectId: string, options: { defaults?: boolean } = {}) {
  const own = await loadProjectRuleDefinitions(prisma, projectId);
  return exportAllureCategories(options.defaults ? [...own, ...DEFAULT_RULES] : own);
}

// ---------------------------------------------------------------- try a rule before saving

/** `{ rule, ruleId? }`, or the rule itself (with an optional `id`): `ruleId` tries an edit of that stored rule in place. */
export const TryRule = z.preprocess(
  (body) => {
    if (body && typeof body === "object" && !Array.isArray(body) && !("rule" in body)) {
      const { id, ...rule } = body as Record<string, unknown>;
      return { rule, ruleId: id };
    }
    return body;
  },
  z.object({ rule: RuleInput, ruleId: z.string().min(1).max(100).optional() }).strict(),
);
export type TryRule = z.infer<typeof TryRule>;

/** How many of the latest completed runs a tried rule is checked against. */
export const TRY_RULE_RUNS = 10;
const TRY_RULE_LIMIT = 200;

export interface TriedResult {
  groupId: string | null;
  groupTitle: string | null;
  groupStatus: string | null;
  testKey: string;
  runId: string;
  runKey: string;
  status: string;
  message: string | null;
  /** The tried rule itself matches this failure. */
  matched: boolean;
  from: { category: Category | null; ruleId: string | null };
  to: { category: Category; ruleId: string };
}

export interface TryRuleResponse {
  runs: number;
  /** Failures looked at: one per failure group (its latest result) in those runs. */
  examined: number;
  matched: number;
  changed: number;
  results: TriedResult[];
  truncated: boolean;
}

/**
 * What a rule would do before it is saved: the project's recent failures (non-passing results of
 * the last 10 completed runs, one per failure group) classified with the rulebook as it would be —
 * the tried rule after the project's rules, or in place of `ruleId` — compared with what they have
 * now. Writes nothing.
 */
export async function tryRule(prisma: PrismaClient, projectId: string, body: TryRule): Promise<TryRuleResponse> {
  const { rule, ruleId } = TryRule.parse(body);
  const own = await listRules(prisma, projectId);
  if (ruleId !== undefined && !own.some((r) => r.id === ruleId)) throw new NotFoundError("rule", `Rule "${ruleId}" does not exist in this project`);
  const triedId = ruleId ?? "try:candidate";
  const tried = { ...rule, id: triedId };
  const rules = ruleId === undefined ? [...own, tried] : own.map((r) => (r.id === ruleId ? tried : r));
  const rulebook = buildRulebook(rules.filter((r) => r.enabled).map(toRuleDefinition));
  const alone = compileRules([toRuleDefinition(tried)]);
  const rows = await prisma.$queryRawUnsafe<
    {
      status: "failed" | "error" | "missing";
      type: string | null;
      message: string | null;
      trace: string | null;
      category: Category | null;
      ruleId: string | null;
      file: string | null;
      name: string;
      classname: string | null;
      key: string;
      runId: string;
      runKey: string;
      groupId: string | null;
      groupTitle: string | null;
      groupStatus: string | null;
    }[]
  >(
    `WITH recent AS (
       SELECT id, "runKey", "startedAt" FROM runs WHERE "projectId" = $1 AND status = 'complete' ORDER BY "startedAt" DESC LIMIT $2
     )
     SELECT DISTINCT ON (COALESCE(r."failureGroupId", r.id::text))
       r.status::text AS status, r.type, r.message, r.trace, r.category::text AS category, r."ruleId",
       t.file, t.name, t.classname, t.key, rc.id AS "runId", rc."runKey",
       g.id AS "groupId", g.title AS "groupTitle", g.status::text AS "groupStatus"
     FROM results r
     JOIN recent rc ON rc.id = r."runId"
     JOIN tests t ON t.id = r."testId"
     LEFT JOIN failure_groups g ON g.id = r."failureGroupId"
     WHERE r.status IN ('failed', 'error', 'missing')
     ORDER BY COALESCE(r."failureGroupId", r.id::text), rc."startedAt" DESC`,
    projectId,
    TRY_RULE_RUNS,
  );
  const [runs] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM runs WHERE "projectId" = $1 AND status = 'complete' LIMIT $2) r`,
    projectId,
    TRY_RULE_RUNS,
  );
  const affected: TriedResult[] = [];
  let matched = 0;
  let changed = 0;
  for (const row of rows) {
    const input = { status: row.status, type: row.type, message: row.message, trace: row.trace, file: row.file, name: row.name, classname: row.classname };
    const isMatch = classifyResult(input, alone).ruleId === triedId;
    const verdict = classifyResult(input, rulebook);
    if (verdict.category === null) continue;
    const isChange = verdict.category !== row.category || verdict.ruleId !== row.ruleId;
    if (isMatch) matched++;
    if (isChange) changed++;
    if (!isMatch && !isChange) continue;
    affected.push({
      groupId: row.groupId,
      groupTitle: row.groupTitle,
      groupStatus: row.groupStatus,
      testKey: row.key,
      runId: row.runId,
      runKey: row.runKey,
      status: row.status,
      message: row.message && row.message.length > 500 ? `${row.message.slice(0, 499)}…` : row.message,
      matched: isMatch,
      from: { category: row.category, ruleId: row.ruleId },
      to: { category: verdict.category, ruleId: verdict.ruleId },
    });
  }
  // Changes first: they are what saving the rule would do.
  affected.sort((a, b) => Number(b.from.category !== b.to.category) - Number(a.from.category !== a.to.category));
  return {
    runs: runs?.n ?? 0,
    examined: rows.length,
    matched,
    changed,
    results: affected.slice(0, TRY_RULE_LIMIT),
    truncated: affected.length > TRY_RULE_LIMIT,
  };
}
