import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { settleBackgroundJobs, startJobInBackground } from "@/lib/db/jobs";
import { createOwnershipRule, deleteOwnershipRule, importCodeowners, updateOwnershipRule } from "@/lib/db/ownership";
import { createProject } from "@/lib/db/projects";
import { createRule, loadProjectClassifier } from "@/lib/db/rules";
import { createTestDatabase } from "@/lib/db/testing";
import { updateGroup } from "@/lib/db/triage";
import { defaultClassifier } from "./default-classifier";
import { completeRun, ingest } from "./index";
import { runOwnershipJob } from "./ownership-job";
import { runReclassifyJob } from "./reclassify";

const options = { classifier: defaultClassifier };

const xml = (cases: string) => Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="tests">${cases}</testsuite></testsuites>`);
const pass = (file: string, name: string) => `<testcase classname="${file.replace(/\.py$/, "").replaceAll("/", ".")}" file="${file}" name="${name}" time="0.1"/>`;
const fail = (file: string, name: string, type: string, message: string) =>
  `<testcase classname="${file.replace(/\.py$/, "").replaceAll("/", ".")}" file="${file}" name="${name}"><failure message="${message}" type="${type}">trace</failure></testcase>`;

const PERSISTENCE = "tests/integration/test_persistence.py";
const ORDERS = "tests/api/test_orders.py";
const USERS = "tests/api/test_users.py";
const REDIS_DOWN = "redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.";

describe("team ownership in the database", () => {
  let db: Database;
  let projectId: string;
  let teams: Record<"a" | "b" | "c" | "d", string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await createProject(db.prisma, { name: "Ownership", slug: "ownership", defaultBranch: "main" }, { withReportTeams: true })).id;
    const rows = await db.prisma.team.findMany({ where: { projectId } });
    const id = (slug: string) => rows.find((t) => t.slug === slug)!.id;
    teams = { a: id("team-a"), b: id("team-b"), c: id("team-c"), d: id("team-d") };
  });
  afterAll(async () => {
    await settleBackgroundJobs();
    await db.close();
  });

  const upload = async (runKey: string, cases: string, at: number) => {
    const result = await ingest(db.prisma, { projectId, runKey, metadata: { branch: "main", startedAt: new Date(at) }, files: [{ filename: `${runKey}.xml`, source: [xml(cases)] }] }, { ...options, now: new Date(at) });
    await completeRun(db.prisma, result.runId, { ...options, now: new Date(at + 1000) });
    return result.runId;
  };
  const teamRollup = async (runId: string, teamId: string) =>
    db.prisma.runRollup.findFirst({ where: { runId, teamId, category: null }, select: { tests: true, passed: true, failed: true, errors: true, missing: true, openGroups: true } });
  const groupOf = (category: "infrastructure" | "assertion" | "import") => db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, category }, orderBy: { createdAt: "desc" } });
  const usersGroup = () => db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, results: { some: { test: { name: "test_me" } } } } });
  const runJob = async (jobId: string | null) => {
    expect(jobId).not.toBeNull();
    startJobInBackground(projectId, () => runOwnershipJob(db.prisma, jobId!));
    await settleBackgroundJobs();
    return db.prisma.job.findUniqueOrThrow({ where: { id: jobId! } });
  };

  let run1: string;
  let run2: string;

  test("a category owner takes the group; its scope is the tests whose failures it got (not the whole file)", async () => {
    run1 = await upload(
      "r1",
      fail(PERSISTENCE, "test_save", "AssertionError", REDIS_DOWN) + fail(PERSISTENCE, "test_load", "AssertionError", REDIS_DOWN) + pass(PERSISTENCE, "test_schema") +
        fail(ORDERS, "test_total", "AssertionError", "AssertionError: assert 41 == 42") + pass(ORDERS, "test_list") + pass(USERS, "test_me"),
      Date.UTC(2026, 0, 1),
    );
    expect((await groupOf("infrastructure")).assigneeTeamId).toBe(teams.a);
    expect((await groupOf("assertion")).assigneeTeamId).toBeNull();
    expect(await teamRollup(run1, teams.a)).toEqual({ tests: 2, passed: 0, failed: 2, errors: 0, missing: 0, openGroups: 1 });
    expect(await teamRollup(run1, teams.c)).toBeNull();
  });

  test("a path rule: the job assigns the unowned group by path, audits it, and the team's scope is its files", async () => {
    const change = await createOwnershipRule(db.prisma, projectId, { kind: "path", pattern: "/tests/api/", teamId: teams.c }, "anonymous");
    const job = await runJob(change.jobId);
    expect(job).toMatchObject({ kind: "ownership", status: "done" });
    expect(job.total).toBe(job.progress);
    expect((job.payload as { result: { groupsReassigned: number; runsRefreshed: number } }).result).toMatchObject({ groupsReassigned: 1, runsRefreshed: 1 });
    const assertion = await groupOf("assertion");
    expect([assertion.assigneeTeamId, assertion.assignedManually]).toEqual([teams.c, false]);
    const events = await db.prisma.triageEvent.findMany({ where: { failureGroupId: assertion.id } });
    expect(events.map((e) => [e.actor, e.action, e.fromValue, e.toValue])).toEqual([["system", "assign", null, "Team C · Imports"]]);
    // Team C: the three tests under tests/api/, one failing — and its one open group.
    expect(await teamRollup(run1, teams.c)).toEqual({ tests: 3, passed: 2, failed: 1, errors: 0, missing: 0, openGroups: 1 });
    // The category owner still wins over a path rule for the infrastructure group.
    expect((await groupOf("infrastructure")).assigneeTeamId).toBe(teams.a);
  });

  test("a manual assignment wins, survives rule changes, and moves the group into the new team's scope", async () => {
    const assertion = await groupOf("assertion");
    const result = await updateGroup(db.prisma, assertion.id, { assigneeTeamId: teams.b }, "anonymous", { projectId });
    await runJob(result.ownershipJobId);
    expect(await teamRollup(run1, teams.b)).toEqual({ tests: 1, passed: 0, failed: 1, errors: 0, missing: 0, openGroups: 1 });
    // Team C still owns the files (scope), but no longer the group (burndown).
    expect(await teamRollup(run1, teams.c)).toEqual({ tests: 3, passed: 2, failed: 1, errors: 0, missing: 0, openGroups: 0 });

    const rule = await db.prisma.ownershipRule.findFirstOrThrow({ where: { projectId, kind: "path" } });
    await runJob((await updateOwnershipRule(db.prisma, projectId, rule.id, { teamId: teams.d }, "anonymous")).jobId);
    expect(await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: assertion.id } })).toMatchObject({ assigneeTeamId: teams.b, assignedManually: true });
    expect(await teamRollup(run1, teams.d)).toMatchObject({ tests: 3, openGroups: 0 });
    expect(await teamRollup(run1, teams.c)).toBeNull();
  });

  test("a manual assignment is kept through reclassification into another category", async () => {
    // A project rule moves the assertion failure to `import` (Team C's category): the new group stays Team B's, by hand.
    const change = await createRule(db.prisma, projectId, { name: "Totals are imports", category: "import", message: "assert 41", enabled: true, statuses: [], caseSensitive: false, dotAll: false }, "anonymous");
    await runReclassifyJob(db.prisma, change.jobId);
    const moved = await groupOf("import");
    expect([moved.assigneeTeamId, moved.assignedManually]).toEqual([teams.b, true]);
  });

  test("a later run: new groups are assigned by path at ingestion and a category team's fixed tests count as passing", async () => {
    const classifier = await loadProjectClassifier(db.prisma, projectId);
    const result = await ingest(
      db.prisma,
      {
        projectId,
        runKey: "r2",
        metadata: { branch: "main", startedAt: new Date(Date.UTC(2026, 0, 2)) },
        files: [{ filename: "r2.xml", source: [xml(pass(PERSISTENCE, "test_save") + pass(PERSISTENCE, "test_load") + pass(PERSISTENCE, "test_schema") + pass(ORDERS, "test_total") + pass(ORDERS, "test_list") + fail(USERS, "test_me", "AssertionError", "AssertionError: expected 200, got 500"))] }],
      },
      { classifier, now: new Date(Date.UTC(2026, 0, 2)) },
    );
    run2 = result.runId;
    await completeRun(db.prisma, run2, { classifier, now: new Date(Date.UTC(2026, 0, 2, 0, 1)) });
    const fresh = await usersGroup();
    expect([fresh.assigneeTeamId, fresh.assignedManually]).toEqual([teams.d, false]);
    // Team A: "2/2 persistence tests now passing" — its scope is the tests that failed for it before.
    expect(await teamRollup(run2, teams.a)).toEqual({ tests: 2, passed: 2, failed: 0, errors: 0, missing: 0, openGroups: 0 });
    expect(await teamRollup(run2, teams.d)).toEqual({ tests: 3, passed: 2, failed: 1, errors: 0, missing: 0, openGroups: 1 });
  });

  test("deleting the path rule un-assigns what it gave and recomputes every run", async () => {
    const rule = await db.prisma.ownershipRule.findFirstOrThrow({ where: { projectId, kind: "path" } });
    const job = await runJob((await deleteOwnershipRule(db.prisma, projectId, rule.id, "anonymous")).jobId);
    expect((job.payload as { result: { runsRefreshed: number } }).result.runsRefreshed).toBe(2);
    expect((await usersGroup()).assigneeTeamId).toBeNull();
    // Team D's scope is gone in both runs: it never had a failure assigned by category or hand.
    expect(await teamRollup(run1, teams.d)).toBeNull();
    expect(await teamRollup(run2, teams.d)).toBeNull();
  });

  test("a CODEOWNERS import creates mapped teams and path rules that own by path", async () => {
    const content = "# owners\n*  @acme/qa\n/tests/api/ @acme/api-team @acme/qa\n/tests/integration/\n";
    const change = await importCodeowners(db.prisma, projectId, { content, mapping: { "@acme/api-team": "create", "@acme/qa": { teamId: teams.d } }, mode: "append" }, "anonymous");
    expect(change.value.createdTeams.map((t) => [t.slug, t.name])).toEqual([["api-team", "@acme/api-team"]]);
    expect(change.value.rules.map((r) => [r.pattern, r.teamId, r.source])).toEqual([
      ["/tests/integration/", null, "CODEOWNERS line 4 (no owners)"],
      ["/tests/api/", change.value.createdTeams[0]!.id, "CODEOWNERS line 3: @acme/api-team @acme/qa"],
      ["*", teams.d, "CODEOWNERS line 2: @acme/qa"],
    ]);
    await runJob(change.jobId);
    const apiTeam = change.value.createdTeams[0]!.id;
    expect((await usersGroup()).assigneeTeamId).toBe(apiTeam);
    expect(await teamRollup(run2, apiTeam)).toMatchObject({ tests: 3, passed: 2, failed: 1 });
    // tests/integration/ has no owner (its line has none), so `*` does not give it to Team D.
    expect(await teamRollup(run2, teams.d)).toBeNull();
    const audit = await db.prisma.triageEvent.findMany({ where: { projectId, failureGroupId: null }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => e.action).filter((a) => a.startsWith("ownership.") || a.startsWith("team."))).toEqual([
      "ownership.create",
      "ownership.update",
      "ownership.delete",
      "team.create",
      "ownership.import",
    ]);
  });
});
