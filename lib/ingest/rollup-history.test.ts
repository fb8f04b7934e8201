// Recomputing past runs' rollups (after a rule change or an ownership change) must give each run
// the figures it would have had if the new rules had applied then: a failure group counts as open
// in a run when it has failing results there (and was not triaged expected/ignored at that run),
// whatever its status today; only runs where the change moves something get new figures.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { settleBackgroundJobs, startJobInBackground } from "@/lib/db/jobs";
import { createProject } from "@/lib/db/projects";
import { createRule } from "@/lib/db/rules";
import { updateGroup } from "@/lib/db/triage";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { defaultClassifier } from "./default-classifier";
import { completeRun, ingest } from "./index";
import { recomputeOwnership, runOwnershipJob } from "./ownership-job";
import { runReclassifyJob } from "./reclassify";

type Figures = { tests: number; passed: number; failed: number; errors: number; missing: number; openGroups: number };
/** `<runId>|<team slug or "-">|<category or "-">` → figures. */
type Snapshot = Map<string, Figures>;

describe("recomputed rollups keep each run's history (demo data)", () => {
  let db: Database;
  let projectId: string;
  let slugOf: Map<string, string>;
  let runIds: string[];

  beforeAll(async () => {
    db = await openAppDatabase({ demoRuns: 30 });
    const project = await db.prisma.project.findFirstOrThrow();
    projectId = project.id;
    slugOf = new Map((await db.prisma.team.findMany({ where: { projectId } })).map((t) => [t.id, t.slug]));
    runIds = (await db.prisma.run.findMany({ where: { projectId }, orderBy: { startedAt: "asc" }, select: { id: true } })).map((r) => r.id);
  }, 300_000);
  afterAll(async () => {
    await settleBackgroundJobs();
    await closeAppDatabase(db);
  });

  const snapshot = async (): Promise<Snapshot> => {
    const rows = await db.prisma.runRollup.findMany({ where: { projectId } });
    const map: Snapshot = new Map();
    for (const r of rows) {
      const key = `${r.runId}|${r.teamId ? slugOf.get(r.teamId) : "-"}|${r.category ?? "-"}`;
      expect(map.has(key), `one rollup row per run, team and category (${key})`).toBe(false);
      map.set(key, { tests: r.tests, passed: r.passed, failed: r.failed, errors: r.errors, missing: r.missing, openGroups: r.openGroups });
    }
    return map;
  };
  const teamSeries = (snap: Snapshot, team: string, field: keyof Figures) => runIds.map((id) => snap.get(`${id}|${team}|-`)?.[field] ?? 0);
  /** Runs (in order) where the group has failing results. */
  const failingRuns = async (groupId: string) => {
    const rows = await db.prisma.result.findMany({ where: { failureGroupId: groupId, status: { in: ["failed", "error", "missing"] } }, select: { runId: true } });
    const set = new Set(rows.map((r) => r.runId));
    return runIds.map((id) => set.has(id));
  };
  const teamId = (slug: string) => [...slugOf].find(([, s]) => s === slug)![0];
  const teams = ["team-a", "team-b", "team-c", "team-d"];

  test("the demo's burndown has history: past runs count groups resolved since", async () => {
    const snap = await snapshot();
    expect(teamSeries(snap, "team-c", "openGroups").slice(0, 3)).toEqual([4, 4, 4]);
    expect(teamSeries(snap, "team-a", "openGroups")[0]).toBe(2);
    expect(await db.prisma.failureGroup.count({ where: { projectId, status: "resolved" } })).toBeGreaterThan(5);
  });

  test("a project rule moving an open group to another team changes the burndown only where it fails", async () => {
    const before = await snapshot();
    const moved = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, title: { contains: "invalid token" } } });
    expect(slugOf.get(moved.assigneeTeamId!)).toBe("team-b");
    const where = await failingRuns(moved.id);
    expect(where.filter(Boolean).length).toBeGreaterThan(3);
    expect(where.filter((x) => !x).length).toBeGreaterThan(10);

    const { jobId } = await createRule(
      db.prisma,
      projectId,
      { name: "Token check is infrastructure", category: "infrastructure", enabled: true, statuses: [], message: "invalid token", caseSensitive: false, dotAll: false },
      "anonymous",
    );
    startJobInBackground(projectId, () => runReclassifyJob(db.prisma, jobId));
    await settleBackgroundJobs();
    expect((await db.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("done");
    const target = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, category: "infrastructure", title: { contains: "invalid token" } } });
    expect(slugOf.get(target.assigneeTeamId!)).toBe("team-a");
    const after = await snapshot();

    // Open groups per team per run: one group moves from Team B to Team A in the runs it fails in.
    for (const team of teams) {
      const delta = team === "team-a" ? 1 : team === "team-b" ? -1 : 0;
      expect(teamSeries(after, team, "openGroups"), team).toEqual(teamSeries(before, team, "openGroups").map((n, i) => n + (where[i] ? delta : 0)));
    }
    // Teams the rule does not concern keep every figure of every run (scope and pass rate too).
    for (const team of ["team-c", "team-d"]) {
      for (const field of ["tests", "passed", "failed", "errors", "missing"] as const) {
        expect(teamSeries(after, team, field), `${team} ${field}`).toEqual(teamSeries(before, team, field));
      }
    }
    // Runs before the moved failures first appear keep all their rows, whatever the team.
    const first = where.indexOf(true);
    for (const [key, figures] of before) {
      if (runIds.indexOf(key.split("|")[0]!) < first) expect(after.get(key), key).toEqual(figures);
    }
    // Whole-run rows never change: a rule moves failures between causes, it does not change outcomes.
    for (const id of runIds) expect(after.get(`${id}|-|-`)).toEqual(before.get(`${id}|-|-`));
    // Team A's scope now holds the moved tests in every run from their first failure on.
    const scopeA = teamSeries(after, "team-a", "tests");
    teamSeries(before, "team-a", "tests").forEach((n, i) => expect(scopeA[i]! >= n).toBe(true));
    expect(scopeA[runIds.length - 1]).toBeGreaterThan(teamSeries(before, "team-a", "tests")[runIds.length - 1]!);
    // No rollup row dropped.
    for (const key of before.keys()) if (!key.includes("|team-a|") && !/\|(assertion|infrastructure)$/.test(key)) expect(after.has(key), key).toBe(true);
  });

  test("the ownership job recomputing every run keeps the history; a manual assignment moves one group where it fails", async () => {
    const before = await snapshot();
    // Nothing changes ownership: recomputing every run gives the same rows.
    await recomputeOwnership(db.prisma, projectId);
    expect(await snapshot()).toEqual(before);

    // A group resolved weeks ago is handed to Team D by hand.
    const group = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, status: "resolved", title: { contains: "setup_middleware" } } });
    expect(slugOf.get(group.assigneeTeamId!)).toBe("team-c");
    const where = await failingRuns(group.id);
    expect(where.some(Boolean)).toBe(true);
    const change = await updateGroup(db.prisma, group.id, { assigneeTeamId: teamId("team-d") }, "lead@example.com");
    startJobInBackground(projectId, () => runOwnershipJob(db.prisma, change.ownershipJobId!));
    await settleBackgroundJobs();
    const after = await snapshot();
    for (const team of teams) {
      const delta = team === "team-d" ? 1 : team === "team-c" ? -1 : 0;
      expect(teamSeries(after, team, "openGroups"), team).toEqual(teamSeries(before, team, "openGroups").map((n, i) => n + (where[i] ? delta : 0)));
    }
    for (const team of ["team-a", "team-b"]) expect(teamSeries(after, team, "tests")).toEqual(teamSeries(before, team, "tests"));
    for (const id of runIds) expect(after.get(`${id}|-|-`)).toEqual(before.get(`${id}|-|-`));
  });
});

describe("a group's status as of each run", () => {
  let db: Database;
  let projectId: string;
  const HOUR = 3_600_000;
  const t0 = Date.now() - 10 * HOUR;

  beforeAll(async () => {
    db = await openAppDatabase();
    projectId = (await createProject(db.prisma, { name: "History", slug: "history", defaultBranch: "main" }, { withReportTeams: true })).id;
  });
  afterAll(async () => {
    await settleBackgroundJobs();
    await closeAppDatabase(db);
  });

  const xml = Buffer.from(
    `<testsuites><testsuite name="s"><testcase classname="tests.test_db" file="tests/test_db.py" name="test_save"><failure type="AssertionError" message="redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused.">trace</failure></testcase></testsuite></testsuites>`,
  );
  const upload = async (runKey: string, at: number) => {
    const { runId } = await ingest(db.prisma, { projectId, runKey, metadata: { branch: "main", startedAt: new Date(at) }, files: [{ filename: "r.xml", source: [xml] }] }, { classifier: defaultClassifier, now: new Date(at) });
    await completeRun(db.prisma, runId, { classifier: defaultClassifier, now: new Date(at + 1000) });
    return runId;
  };
  const openGroups = async (runIds: string[]) => {
    const rows = await db.prisma.runRollup.findMany({ where: { projectId, teamId: null, category: null } });
    return runIds.map((id) => rows.find((r) => r.runId === id)?.openGroups);
  };

  test("ignored, reopened then fixed: a recompute keeps what each run counted", async () => {
    const r1 = await upload("r1", t0);
    const group = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId } });
    await updateGroup(db.prisma, group.id, { status: "ignored" }, "lead@example.com", { now: new Date(t0 + HOUR) });
    const r2 = await upload("r2", t0 + 2 * HOUR);
    await updateGroup(db.prisma, group.id, { status: "investigating" }, "lead@example.com", { now: new Date(t0 + 3 * HOUR) });
    const r3 = await upload("r3", t0 + 4 * HOUR);
    await updateGroup(db.prisma, group.id, { status: "fixed" }, "lead@example.com", { now: new Date(t0 + 5 * HOUR) });
    const runs = [r1, r2, r3];
    expect(await openGroups(runs)).toEqual([1, 0, 1]);

    await recomputeOwnership(db.prisma, projectId);
    expect(await openGroups(runs)).toEqual([1, 0, 1]);
    const teamA = await db.prisma.runRollup.findMany({ where: { projectId, teamId: { not: null }, category: null }, orderBy: { runStartedAt: "asc" } });
    expect(teamA.map((r) => r.openGroups)).toEqual([1, 0, 1]);
  });

  test("a rule moving failures of one run also gives later runs the new team scope", async () => {
    const other = (await createProject(db.prisma, { name: "Later", slug: "later", defaultBranch: "main" }, { withReportTeams: true })).id;
    const report = (outcome: string) =>
      Buffer.from(`<testsuites><testsuite name="s"><testcase classname="tests.test_api" file="tests/test_api.py" name="test_legacy">${outcome}</testcase><testcase classname="tests.test_api" file="tests/test_api.py" name="test_ok"/></testsuite></testsuites>`);
    const put = async (runKey: string, at: number, body: Buffer) => {
      const { runId } = await ingest(db.prisma, { projectId: other, runKey, metadata: { branch: "main", startedAt: new Date(at) }, files: [{ filename: "r.xml", source: [body] }] }, { classifier: defaultClassifier, now: new Date(at) });
      await completeRun(db.prisma, runId, { classifier: defaultClassifier, now: new Date(at + 1000) });
      return runId;
    };
    const r1 = await put("l1", t0, report(`<failure type="AssertionError" message="legacy API unavailable">trace</failure>`));
    const r2 = await put("l2", t0 + HOUR, report(""));
    const teamA = (await db.prisma.team.findFirstOrThrow({ where: { projectId: other, slug: "team-a" } })).id;
    const scope = async () =>
      Promise.all([r1, r2].map(async (runId) => db.prisma.runRollup.findFirst({ where: { runId, teamId: teamA, category: null }, select: { tests: true, passed: true, openGroups: true } })));
    // Nobody owns assertion failures: Team A has no scope yet.
    expect(await scope()).toEqual([null, null]);

    const { jobId } = await createRule(
      db.prisma,
      other,
      { name: "Legacy API is down", category: "infrastructure", enabled: true, statuses: [], message: "legacy api", caseSensitive: false, dotAll: false },
      "anonymous",
    );
    startJobInBackground(other, () => runReclassifyJob(db.prisma, jobId));
    await settleBackgroundJobs();
    // As if the rule had applied then: Team A owned the failure in l1, and sees its test pass in l2.
    expect(await scope()).toEqual([
      { tests: 1, passed: 0, openGroups: 1 },
      { tests: 1, passed: 1, openGroups: 0 },
    ]);
  });
});
