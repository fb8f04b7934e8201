import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { createProject } from "@/lib/db/projects";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { NotFoundError } from "./errors";
import { ANONYMOUS_ACTOR, bulkUpdateGroups, getGroupDetail, GroupFilters, listGroups, updateGroup } from "./triage";

const day = (d: number) => new Date(Date.UTC(2026, 3, d, 12));

function xml(cases: string): Buffer {
  return Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="tests">${cases}</testsuite></testsuites>`);
}
const pass = (name: string) => `<testcase classname="tests.test_api" file="tests/test_api.py" name="${name}" time="0.1"/>`;
const redis = (name: string) =>
  `<testcase classname="tests.test_api" file="tests/test_api.py" name="${name}"><error message="redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused." type="redis.exceptions.ConnectionError">trace</error></testcase>`;
const assertion = (name: string) =>
  `<testcase classname="tests.test_api" file="tests/test_api.py" name="${name}"><failure message="assert 1 == 2" type="AssertionError">trace</failure></testcase>`;
const importError = (name: string) =>
  `<testcase classname="tests.test_api" file="tests/test_api.py" name="${name}"><error message="ModuleNotFoundError: No module named 'app.models'" type="ModuleNotFoundError">trace</error></testcase>`;

describe("triage", () => {
  let db: Database;
  let projectId: string;
  let teams: { id: string; slug: string; name: string }[];
  const groupId = async (category: "infrastructure" | "assertion" | "import") =>
    (await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, category } })).id;

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await createProject(db.prisma, { name: "Payments", slug: "payments", defaultBranch: "main" }, { withReportTeams: true })).id;
    teams = await db.prisma.team.findMany({ where: { projectId } });
    const runs = [
      // Redis down for three tests in both runs; one assertion failure only in the first (old) run; an import error once, recently.
      { key: "r1", d: 1, cases: redis("a") + redis("b") + redis("c") + assertion("d") + assertion("e") + assertion("f") + assertion("g") + pass("h") },
      { key: "r2", d: 20, cases: redis("a") + redis("b") + redis("c") + pass("d") + pass("e") + pass("f") + pass("g") + importError("h") },
    ];
    for (const run of runs) {
      await ingest(
        db.prisma,
        { projectId, runKey: run.key, metadata: { branch: "main", startedAt: day(run.d) }, files: [{ filename: "r.xml", source: [xml(run.cases)] }], completed: true },
        { classifier: defaultClassifier, now: day(run.d) },
      );
    }
  });
  afterAll(() => db.close());

  test("the queue is sorted by impact: affected tests halved per week since last seen", async () => {
    const list = await listGroups(db.prisma, "payments", {}, day(20));
    // infrastructure: 3 tests seen today (3); import: 1 test today (1); assertion: 4 tests 19 days ago (4 × 0.5^(19/7) ≈ 0.61).
    expect(list?.groups.map((g) => [g.category, g.affectedTests])).toEqual([
      ["infrastructure", 3],
      ["import", 1],
      ["assertion", 4],
    ]);
    expect(list?.groups[2]?.impact).toBeCloseTo(4 * 0.5 ** (19 / 7), 5);
    expect(list?.groups[0]?.assignee?.slug).toBe("team-a");
  });

  test.each([
    [{ category: "import" as const }, ["import"]],
    [{ team: "team-a" }, ["infrastructure"]],
    [{ team: "unassigned" }, ["assertion"]],
    [{ branch: "main" }, ["infrastructure", "import", "assertion"]],
    [{ branch: "other" }, []],
  ])("filters %o", async (filters, categories) => {
    const list = await listGroups(db.prisma, "payments", filters, day(20));
    expect(list?.groups.map((g) => g.category)).toEqual(categories);
  });

  test("status filter from the URL: default open statuses, a comma list, or all", () => {
    expect(GroupFilters.parse({}).status).toEqual(["new", "investigating"]);
    expect(GroupFilters.parse({ status: "fixed,expected" }).status).toEqual(["fixed", "expected"]);
    expect(GroupFilters.parse({ status: "all" }).status).toHaveLength(6);
    expect(GroupFilters.safeParse({ status: "new,bogus" }).success).toBe(false);
  });

  test("updateGroup writes one audit event per changed field, in one go", async () => {
    const id = await groupId("infrastructure");
    const teamB = teams.find((t) => t.slug === "team-b")!;
    const result = await updateGroup(
      db.prisma,
      id,
      { status: "investigating", assigneeTeamId: teamB.id, externalIssueUrl: "https://issues.example.com/GP-12", note: "Redis container not started in CI" },
      ANONYMOUS_ACTOR,
    );
    expect(result.events).toEqual(["status", "assign", "issue-link", "note"]);
    const group = await db.prisma.failureGroup.findUniqueOrThrow({ where: { id } });
    expect([group.status, group.assigneeTeamId, group.assignedManually, group.externalIssueUrl]).toEqual([
      "investigating",
      teamB.id,
      true,
      "https://issues.example.com/GP-12",
    ]);
    const events = await db.prisma.triageEvent.findMany({ where: { failureGroupId: id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.fromValue, e.toValue, e.actor])).toEqual([
      ["status", "new", "investigating", "anonymous"],
      ["assign", "Team A · Infrastructure", "Team B · Test framework", "anonymous"],
      ["issue-link", null, "https://issues.example.com/GP-12", "anonymous"],
      ["note", null, null, "anonymous"],
    ]);
    const notes = await db.prisma.failureGroupNote.findMany({ where: { failureGroupId: id } });
    expect(notes.map((n) => [n.author, n.body])).toEqual([["anonymous", "Redis container not started in CI"]]);
  });

  test("unchanged fields write no event; a note alone writes a note event", async () => {
    const id = await groupId("infrastructure");
    const before = await db.prisma.triageEvent.count({ where: { failureGroupId: id } });
    const same = await updateGroup(db.prisma, id, { status: "investigating", externalIssueUrl: "https://issues.example.com/GP-12" }, ANONYMOUS_ACTOR);
    expect(same.events).toEqual([]);
    expect(await db.prisma.triageEvent.count({ where: { failureGroupId: id } })).toBe(before);
    const cleared = await updateGroup(db.prisma, id, { externalIssueUrl: "", assigneeTeamId: null }, "anonymous");
    expect(cleared.events).toEqual(["assign", "issue-link"]);
    expect([cleared.assigneeTeamId, cleared.externalIssueUrl]).toEqual([null, null]);
  });

  test("bad changes and unknown ids are refused and change nothing", async () => {
    const id = await groupId("assertion");
    await expect(updateGroup(db.prisma, "nope", { status: "fixed" }, ANONYMOUS_ACTOR)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateGroup(db.prisma, id, { status: "fixed", assigneeTeamId: "no-team" }, ANONYMOUS_ACTOR)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateGroup(db.prisma, id, {}, ANONYMOUS_ACTOR)).rejects.toThrow("Nothing to change");
    await expect(updateGroup(db.prisma, id, { externalIssueUrl: "javascript:alert(1)" }, ANONYMOUS_ACTOR)).rejects.toThrow();
    const other = (await db.prisma.project.create({ data: { slug: "other", name: "Other" } })).id;
    await expect(updateGroup(db.prisma, id, { status: "fixed" }, ANONYMOUS_ACTOR, { projectId: other })).rejects.toBeInstanceOf(NotFoundError);
    const group = await db.prisma.failureGroup.findUniqueOrThrow({ where: { id } });
    expect(group.status).toBe("new");
    expect(await db.prisma.triageEvent.count({ where: { failureGroupId: id } })).toBe(0);
  });

  test("bulk changes apply to every group with an event each, or to none", async () => {
    const ids = [await groupId("assertion"), await groupId("import")];
    const teamC = teams.find((t) => t.slug === "team-c")!;
    await expect(bulkUpdateGroups(db.prisma, projectId, { groupIds: [...ids, "missing-id"], status: "expected" }, ANONYMOUS_ACTOR)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect((await db.prisma.failureGroup.findMany({ where: { id: { in: ids } } })).map((g) => g.status)).toEqual(["new", "new"]);
    const results = await bulkUpdateGroups(db.prisma, projectId, { groupIds: ids, status: "expected", assigneeTeamId: teamC.id }, ANONYMOUS_ACTOR);
    expect(results.map((r) => r.status)).toEqual(["expected", "expected"]);
    // The import group was already Team C's: only its status changed.
    expect(results.map((r) => r.events)).toEqual([["status", "assign"], ["status"]]);
    const queue = await listGroups(db.prisma, "payments", {}, day(20));
    expect(queue?.groups.map((g) => g.category)).toEqual(["infrastructure"]);
  });

  test("group detail: rule name, affected tests, history per run and the audit trail newest first", async () => {
    const id = await groupId("infrastructure");
    const detail = await getGroupDetail(db.prisma, "payments", id);
    expect(detail?.group.ruleId).toMatch(/^default:/);
    expect(detail?.group.ruleName).toBeTruthy();
    expect(detail?.affectedTests.map((t) => [t.name, t.file, t.occurrences])).toEqual([
      ["a", "tests/test_api.py", 2],
      ["b", "tests/test_api.py", 2],
      ["c", "tests/test_api.py", 2],
    ]);
    expect(detail?.history.map((h) => [h.runKey, h.occurrences])).toEqual([
      ["r1", 3],
      ["r2", 3],
    ]);
    expect(detail?.events.map((e) => e.action)).toEqual(["issue-link", "assign", "note", "issue-link", "assign", "status"]);
    expect(detail?.events.find((e) => e.action === "note")?.note).toBe("Redis container not started in CI");
    expect(await getGroupDetail(db.prisma, "other", id)).toBeNull();
  });
});
