import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZodError } from "zod";
import { completeIdleRuns, ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { reclassifyProject, runReclassifyJob } from "@/lib/ingest/reclassify";
import type { Database } from "./connection";
import { NotFoundError } from "./errors";
import { getJob } from "./jobs";
import { createProject } from "./projects";
import {
  createRule,
  deleteRule,
  exportAllureRules,
  importAllureRules,
  listRules,
  loadProjectClassifier,
  reorderRules,
  tryRule,
  updateRule,
  type RuleInput,
} from "./rules";
import { createTestDatabase } from "./testing";

const xml = (cases: string) => Buffer.from(`<testsuites><testsuite name="s">${cases}</testsuite></testsuites>`);
const fail = (name: string, message: string, type = "AssertionError") =>
  `<testcase classname="tests.test_api" name="${name}"><failure message="${message}" type="${type}">trace</failure></testcase>`;
const pass = (name: string) => `<testcase classname="tests.test_api" name="${name}"/>`;

const legacyRule: RuleInput = { name: "Legacy API is down", category: "infrastructure", enabled: true, statuses: [], message: "legacy api unavailable", caseSensitive: false, dotAll: false };

describe("project rules", () => {
  let db: Database;
  let projectId: string;
  const day = (n: number) => new Date(Date.UTC(2026, 2, n, 10));

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await createProject(db.prisma, { name: "Rules", slug: "rules", defaultBranch: "main" }, { withReportTeams: true })).id;
    // Two completed runs: the legacy API failure is an assertion under the default rulebook.
    for (const [n, key] of [[1, "r1"], [2, "r2"]] as const) {
      await ingest(
        db.prisma,
        {
          projectId,
          runKey: key,
          metadata: { branch: "main", startedAt: day(n) },
          files: [{ filename: "r.xml", source: [xml(fail("test_legacy", "AssertionError: legacy API unavailable (code 503)") + fail("test_sum", "assert 1 == 2") + pass("test_ok"))] }],
          completed: true,
        },
        { classifier: defaultClassifier, now: day(n) },
      );
    }
  });
  afterAll(() => db.close());

  const events = (action: string) => db.prisma.triageEvent.findMany({ where: { projectId, action }, orderBy: { createdAt: "asc" } });

  test("a bad regex is refused at save time, naming the field", async () => {
    const error = await createRule(db.prisma, projectId, { ...legacyRule, message: "(unclosed" }, "anonymous").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((i) => [i.path.join("."), i.message.split(":")[0]])).toEqual([["message", "Not a valid regular expression"]]);
    const empty = await createRule(db.prisma, projectId, { name: "x", category: "other", enabled: true, statuses: [], caseSensitive: false, dotAll: false }, "anonymous").catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(ZodError);
    expect(await listRules(db.prisma, projectId)).toEqual([]);
  });

  test("trying a rule shows what it would reclassify and writes nothing", async () => {
    const before = await db.prisma.result.findMany({ orderBy: { id: "asc" }, select: { id: true, category: true, ruleId: true } });
    const tried = await tryRule(db.prisma, projectId, { rule: legacyRule });
    expect(tried).toMatchObject({ runs: 2, examined: 2, matched: 1, changed: 1, truncated: false });
    expect(tried.results).toHaveLength(1);
    expect(tried.results[0]).toMatchObject({ testKey: "tests.test_api::test_legacy", runKey: "r2", matched: true, from: { category: "assertion" }, to: { category: "infrastructure", ruleId: "try:candidate" } });
    expect(await db.prisma.result.findMany({ orderBy: { id: "asc" }, select: { id: true, category: true, ruleId: true } })).toEqual(before);
    expect(await db.prisma.classificationRule.count()).toBe(0);
  });

  test("a created rule comes before the defaults; the reclassify job moves open failures to a new group and refreshes rollups", async () => {
    const { value: rule, jobId } = await createRule(db.prisma, projectId, legacyRule, "anonymous");
    expect(rule).toMatchObject({ position: 0, name: "Legacy API is down", category: "infrastructure", message: "legacy api unavailable" });
    expect(await events("rule.create")).toMatchObject([{ actor: "anonymous", fromValue: null, toValue: "Legacy API is down → infrastructure (message=legacy api unavailable)" }]);
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("queued");

    const classifier = await loadProjectClassifier(db.prisma, projectId);
    expect(classifier.classify({ status: "failed", type: "AssertionError", message: "legacy API unavailable", trace: null, file: null, name: "t", classname: null })).toMatchObject({ category: "infrastructure", ruleId: rule.id });

    const oldGroup = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, title: { contains: "legacy" } } });
    await runReclassifyJob(db.prisma, jobId);
    const job = await getJob(db.prisma, projectId, jobId);
    expect(job).toMatchObject({ status: "done", progress: 4, total: 4, error: null });
    expect(job.payload).toMatchObject({ result: { examined: 4, changed: 2, moved: 2, groupsCreated: 1, groupsEmptied: 1, runsRefreshed: 2 } });

    const legacy = await db.prisma.result.findMany({ where: { test: { key: "tests.test_api::test_legacy" } }, include: { failureGroup: true } });
    expect(legacy.map((r) => [r.category, r.ruleId, r.failureGroup?.category, r.failureGroup?.occurrences, r.failureGroup?.affectedTests])).toEqual([
      ["infrastructure", rule.id, "infrastructure", 2, 1],
      ["infrastructure", rule.id, "infrastructure", 2, 1],
    ]);
    // Assigned like ingestion would: Team A owns infrastructure.
    const team = await db.prisma.team.findUniqueOrThrow({ where: { id: legacy[0]!.failureGroup!.assigneeTeamId! } });
    expect(team.slug).toBe("team-a");
    // The group left behind has no results: resolved, with its reason in the audit trail.
    expect(await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: oldGroup.id } })).toMatchObject({ status: "resolved", occurrences: 0, affectedTests: 0 });
    expect(await db.prisma.triageEvent.findMany({ where: { failureGroupId: oldGroup.id } })).toMatchObject([{ actor: "system", action: "status", fromValue: "new", toValue: "resolved" }]);
    // Rollups follow: the latest run now has one infrastructure failure.
    const latest = await db.prisma.run.findFirstOrThrow({ where: { projectId, runKey: "r2" } });
    const rollups = await db.prisma.runRollup.findMany({ where: { runId: latest.id, teamId: null, category: { not: null } }, orderBy: { category: "asc" } });
    expect(rollups.map((r) => [r.category, r.failed])).toEqual([["infrastructure", 1], ["assertion", 1]]);
    // A second pass changes nothing.
    expect(await reclassifyProject(db.prisma, projectId, { classifier })).toMatchObject({ examined: 4, changed: 0 });
  });

  test("update, reorder and delete are validated, audited and queue a job each", async () => {
    const [first] = await listRules(db.prisma, projectId);
    const second = (await createRule(db.prisma, projectId, { ...legacyRule, name: "Sum is broken", category: "fixture", message: "assert 1 == 2" }, "anonymous")).value;
    await expect(updateRule(db.prisma, projectId, first!.id, { trace: "[" }, "anonymous")).rejects.toBeInstanceOf(ZodError);
    const updated = await updateRule(db.prisma, projectId, first!.id, { category: "mock" }, "anonymous");
    expect(updated.value.category).toBe("mock");
    await expect(reorderRules(db.prisma, projectId, { ruleIds: [second.id] }, "anonymous")).rejects.toThrow(/every rule of the project exactly once; not listed/);
    const reordered = await reorderRules(db.prisma, projectId, { ruleIds: [second.id, first!.id] }, "anonymous");
    expect(reordered.value.map((r) => [r.name, r.position])).toEqual([["Sum is broken", 0], ["Legacy API is down", 1]]);
    await expect(deleteRule(db.prisma, projectId, "nope", "anonymous")).rejects.toBeInstanceOf(NotFoundError);
    const deleted = await deleteRule(db.prisma, projectId, second.id, "anonymous");
    expect(deleted.value).toEqual({ id: second.id });
    expect((await events("rule.update"))[0]).toMatchObject({ fromValue: expect.stringContaining("→ infrastructure"), toValue: expect.stringContaining("→ mock") });
    expect(await events("rule.reorder")).toMatchObject([{ fromValue: "Legacy API is down › Sum is broken", toValue: "Sum is broken › Legacy API is down" }]);
    expect(await events("rule.delete")).toMatchObject([{ fromValue: expect.stringContaining("Sum is broken") }]);
    expect(await db.prisma.job.count({ where: { projectId, kind: "reclassify" } })).toBe(5);
    // Trying an edit of a stored rule replaces it in place.
    const tried = await tryRule(db.prisma, projectId, { rule: { ...legacyRule, category: "import" }, ruleId: first!.id });
    expect(tried.results.map((r) => [r.testKey, r.to.category, r.to.ruleId])).toEqual([["tests.test_api::test_legacy", "import", first!.id]]);
    await expect(tryRule(db.prisma, projectId, { rule: legacyRule, ruleId: "nope" })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("Allure categories.json round-trips through project rules", async () => {
    const categories = [{ name: "Legacy outage", messageRegex: ".*legacy API unavailable.*", matchedStatuses: ["failed"] }, { name: "Catch-all broken" , matchedStatuses: ["broken"] }];
    const imported = await importAllureRules(db.prisma, projectId, { categories: JSON.stringify(categories), mapping: { "Legacy outage": "infrastructure" }, mode: "replace" }, "anonymous");
    expect(imported.value.map((r) => [r.name, r.category, r.statuses, r.message, r.caseSensitive, r.dotAll])).toEqual([
      ["Legacy outage", "infrastructure", ["failed"], "^(?:.*legacy API unavailable.*)$", true, true],
      ["Catch-all broken", "other", ["error"], null, true, true],
    ]);
    expect((await listRules(db.prisma, projectId)).map((r) => r.name)).toEqual(["Legacy outage", "Catch-all broken"]);
    expect(await events("rule.import")).toMatchObject([{ toValue: "Legacy outage → infrastructure; Catch-all broken → other", note: "Allure categories.json, replace" }]);
    expect((await exportAllureRules(db.prisma, projectId)).categories).toEqual(categories);
    const withDefaults = await exportAllureRules(db.prisma, projectId, { defaults: true });
    expect(withDefaults.categories.length).toBeGreaterThan(10);
    await expect(importAllureRules(db.prisma, projectId, { categories: "[{", mapping: {}, mode: "append" }, "anonymous")).rejects.toThrow(/not valid JSON/);
    await expect(importAllureRules(db.prisma, projectId, { categories: [{ name: "x", messageRegex: "(" }], mapping: {}, mode: "append" }, "anonymous")).rejects.toThrow(/messageRegex is not a valid regular expression/);
  });

  test("idle run completion classifies with the project's rules", async () => {
    await db.prisma.classificationRule.deleteMany({ where: { projectId } });
    await createRule(db.prisma, projectId, { ...legacyRule, name: "Vanished", category: "other", statuses: ["missing"], message: null }, "anonymous");
    await ingest(db.prisma, { projectId, runKey: "r3", metadata: { branch: "main", startedAt: day(3) }, files: [{ filename: "r.xml", source: [xml(pass("test_ok"))] }] }, { classifier: defaultClassifier, now: day(3) });
    await completeIdleRuns(db.prisma, { now: day(4) });
    const missing = await db.prisma.result.findMany({ where: { run: { runKey: "r3" }, status: "missing" } });
    expect(missing.map((r) => r.category)).toEqual(["other", "other"]);
  });
});
