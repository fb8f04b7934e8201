import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DELETE as deleteRule, PATCH as patchRule } from "@/app/api/v1/projects/[slug]/ownership/[ruleId]/route";
import { POST as importCodeowners } from "@/app/api/v1/projects/[slug]/ownership/codeowners/route";
import { POST as previewCodeowners } from "@/app/api/v1/projects/[slug]/ownership/codeowners/preview/route";
import { POST as reorder } from "@/app/api/v1/projects/[slug]/ownership/reorder/route";
import { GET as getRules, POST as postRule } from "@/app/api/v1/projects/[slug]/ownership/route";
import { DELETE as deleteTeam, PATCH as patchTeam } from "@/app/api/v1/projects/[slug]/teams/[teamId]/route";
import { GET as getTeams, POST as postTeam } from "@/app/api/v1/projects/[slug]/teams/route";
import { startOwnershipJob } from "@/lib/api/ownership";
import { uploadRun } from "@/lib/api/runs";
import { createApiToken } from "@/lib/api/tokens";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { settleBackgroundJobs } from "@/lib/db/jobs";
import { createTestDatabase } from "@/lib/db/testing";
import { browserHeaders, sessionFor } from "@/test/session";
import { updateGroup } from "@/lib/db/triage";

const base = "http://localhost/api/v1/projects";
const slug = "teams-api";
// A project admin's browser session: every teams and ownership route is admin-only (reads: viewer).
let cookie = "";
const json = (url: string, method: string, body: unknown) =>
  new Request(url, { method, headers: browserHeaders(cookie, { "content-type": "application/json" }), body: typeof body === "string" ? body : JSON.stringify(body) });
const plain = (url: string, method = "GET") => new Request(url, { method, headers: browserHeaders(cookie) });
const params = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve({ slug, ...p }) });

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as Record<string, unknown>;
}

const problemOf = (code: string, title: string, status: number, detail: string, instance: string, extensions: Record<string, unknown> = {}) => ({
  type: `https://greenboard.dev/problems/${code}`,
  title,
  status,
  code,
  detail,
  instance,
  ...extensions,
});

const report = Buffer.from(
  `<testsuites><testsuite name="s">` +
    `<testcase classname="tests.api.test_orders" file="tests/api/test_orders.py" name="test_total"><failure message="AssertionError: assert 41 == 42" type="AssertionError"/></testcase>` +
    `<testcase classname="tests.api.test_orders" file="tests/api/test_orders.py" name="test_list"/>` +
    `</testsuite></testsuites>`,
);

interface Team {
  id: string;
  slug: string;
  name: string;
  color: string;
}

describe("teams and ownership API", () => {
  let db: Database;
  let token: string;
  let projectId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    projectId = (await db.prisma.project.create({ data: { slug, name: "Teams API" } })).id;
    token = (await createApiToken(db.prisma, projectId, "ci")).token;
    cookie = (await sessionFor(db.prisma, { projectId, role: "admin" })).cookie;
    await uploadRun(
      db.prisma,
      new Request(`http://localhost/api/v1/runs?runKey=r1&completed=true`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" }, body: new Uint8Array(report) }),
      { maxBytes: 1 << 20 },
    );
  });
  afterAll(async () => {
    await settleBackgroundJobs();
    setDatabase(undefined);
    await db.close();
  });

  let platform: Team;

  test("POST, PATCH and GET teams; creating or restyling a team queues no job", async () => {
    const created = await postTeam(json(`${base}/${slug}/teams`, "POST", { name: "Platform", color: "#0EA5E9" }), params({}));
    expect(created.status).toBe(201);
    const body = (await created.json()) as { team: Team; job: null };
    expect(body).toMatchObject({ team: { slug: "platform", name: "Platform", color: "#0ea5e9" }, job: null });
    platform = body.team;
    const patched = await patchTeam(json(`${base}/${slug}/teams/platform`, "PATCH", { name: "Platform team" }), params({ teamId: "platform" }));
    expect(((await patched.json()) as { team: Team }).team.name).toBe("Platform team");
    const listed = (await (await getTeams(plain(`${base}/${slug}/teams`), params({}))).json()) as { teams: Team[]; rules: unknown[]; precedence: string[]; events: { action: string }[] };
    expect(listed.teams.map((t) => t.slug)).toEqual(["platform"]);
    expect(listed.rules).toEqual([]);
    expect(listed.precedence[0]).toMatch(/by hand/);
    expect(listed.events.map((e) => e.action)).toEqual(["team.update", "team.create"]);
  });

  test("a taken slug is a 400 naming the field", async () => {
    const response = await postTeam(json(`${base}/${slug}/teams`, "POST", { name: "Platform", slug: "platform" }), params({}));
    expect(response.status).toBe(400);
    expect(await problem(response)).toEqual(
      problemOf("bad_request", "Bad request", 400, "The request is not valid", `/api/v1/projects/${slug}/teams`, {
        errors: [{ path: "slug", message: 'The slug "platform" is taken by another team' }],
      }),
    );
  });

  test("ownership rules: POST, PATCH, reorder, DELETE; each queues an ownership job that assigns groups", async () => {
    const created = await postRule(json(`${base}/${slug}/ownership`, "POST", { kind: "path", pattern: "/tests/api/", teamId: platform.id }), params({}));
    expect(created.status).toBe(201);
    const { rule, job } = (await created.json()) as { rule: { id: string; kind: string; pattern: string }; job: { id: string; kind: string } };
    expect(rule).toMatchObject({ kind: "path", pattern: "/tests/api/", teamId: platform.id, position: 0 });
    expect(job.kind).toBe("ownership");
    await settleBackgroundJobs();
    expect(await db.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ kind: "ownership", status: "done", progress: 2, total: 2 });
    expect((await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId } })).assigneeTeamId).toBe(platform.id);

    const category = (await (await postRule(json(`${base}/${slug}/ownership`, "POST", { kind: "category", category: "assertion", teamId: platform.id }), params({}))).json()) as { rule: { id: string } };
    const patched = await patchRule(json(`${base}/${slug}/ownership/${rule.id}`, "PATCH", { teamId: null }), params({ ruleId: rule.id }));
    expect(((await patched.json()) as { rule: { teamId: string | null } }).rule.teamId).toBeNull();
    const reordered = await reorder(json(`${base}/${slug}/ownership/reorder`, "POST", { ruleIds: [category.rule.id, rule.id] }), params({}));
    expect(((await reordered.json()) as { rules: { id: string; position: number }[] }).rules.map((r) => [r.id, r.position])).toEqual([
      [category.rule.id, 0],
      [rule.id, 1],
    ]);
    const listed = (await (await getRules(plain(`${base}/${slug}/ownership`), params({}))).json()) as { rules: { kind: string }[] };
    expect(listed.rules.map((r) => r.kind)).toEqual(["category", "path"]);
    const deleted = await deleteRule(plain(`${base}/${slug}/ownership/${rule.id}`, "DELETE"), params({ ruleId: rule.id }));
    expect(await deleted.json()).toMatchObject({ deleted: rule.id, job: { kind: "ownership" } });
    await settleBackgroundJobs();
    expect(await db.prisma.job.findMany({ where: { kind: "ownership" }, select: { status: true } })).toEqual(
      (await db.prisma.job.findMany({ where: { kind: "ownership" } })).map(() => ({ status: "done" })),
    );
    expect((await db.prisma.triageEvent.findMany({ where: { failureGroupId: null, action: { startsWith: "ownership." } }, orderBy: { createdAt: "asc" } })).map((e) => [e.action, e.toValue])).toEqual([
      ["ownership.create", "path /tests/api/ → Platform team"],
      ["ownership.create", "category assertion → Platform team"],
      ["ownership.update", "path /tests/api/ → no owner"],
      ["ownership.reorder", "category assertion → Platform team › path /tests/api/ → no owner"],
      ["ownership.delete", null],
    ]);
  });

  test("a manual assignment queues the ownership job, is marked and kept; handing it back to the rules undoes it", async () => {
    const group = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId } });
    const other = (await (await postTeam(json(`${base}/${slug}/teams`, "POST", { name: "QA" }), params({}))).json()) as { team: Team };
    // What PATCH …/groups/{id} does (its own tests cover the route with a session).
    const assign = async (changes: Parameters<typeof updateGroup>[2]) => {
      const { ownershipJobId } = await updateGroup(db.prisma, group.id, changes, "anonymous", { projectId });
      expect(startOwnershipJob(db.prisma, projectId, ownershipJobId)?.kind).toBe("ownership");
      await settleBackgroundJobs();
    };
    await assign({ assigneeTeamId: other.team.id });
    expect(await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ assigneeTeamId: other.team.id, assignedManually: true });
    // Back to the rules: the category rule gives it to the platform team again.
    await assign({ assignedManually: false });
    expect(await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ assigneeTeamId: platform.id, assignedManually: false });
  });

  test("CODEOWNERS preview suggests a mapping; import creates teams and path rules", async () => {
    const content = "# CODEOWNERS\n*.py @acme/qa\n/tests/api/ @acme/payments\nbad line here\n";
    const preview = await previewCodeowners(json(`${base}/${slug}/ownership/codeowners/preview`, "POST", { content }), params({}));
    expect(await preview.json()).toEqual({
      entries: [
        { line: 2, pattern: "*.py", owners: ["@acme/qa"] },
        { line: 3, pattern: "/tests/api/", owners: ["@acme/payments"] },
      ],
      problems: [{ line: 4, message: "Not an owner (`@user`, `@org/team` or an e-mail address): line, here; the line is skipped" }],
      owners: [
        { handle: "@acme/qa", lines: 1, suggestion: { teamId: (await db.prisma.team.findFirstOrThrow({ where: { projectId, slug: "qa" } })).id } },
        { handle: "@acme/payments", lines: 1, suggestion: "create" },
      ],
    });
    const imported = await importCodeowners(json(`${base}/${slug}/ownership/codeowners`, "POST", { content, mapping: { "@acme/payments": "create" }, mode: "replace" }), params({}));
    expect(imported.status).toBe(201);
    const body = (await imported.json()) as { rules: { pattern: string; teamId: string | null }[]; createdTeams: Team[]; job: { kind: string } };
    expect(body.createdTeams.map((t) => t.slug)).toEqual(["payments"]);
    expect(body.rules.map((r) => [r.pattern, r.teamId])).toEqual([
      ["/tests/api/", body.createdTeams[0]!.id],
      ["*.py", null],
    ]);
    expect(body.job.kind).toBe("ownership");
  });

  test.each([
    ["a bad pattern", () => postRule(json(`${base}/${slug}/ownership`, "POST", { kind: "path", pattern: "!negated", teamId: null }), params({})), `/api/v1/projects/${slug}/ownership`, [{ path: "pattern", message: "Negation (`!`) is not supported in CODEOWNERS patterns" }]],
    ["a category rule without team", () => postRule(json(`${base}/${slug}/ownership`, "POST", { kind: "category", category: "mock", teamId: null }), params({})), `/api/v1/projects/${slug}/ownership`, [{ path: "teamId", message: "Invalid input: expected string, received null" }]],
    ["another project's team", () => postRule(json(`${base}/${slug}/ownership`, "POST", { kind: "category", category: "mock", teamId: "nope" }), params({})), `/api/v1/projects/${slug}/ownership`, [{ path: "teamId", message: 'Team "nope" does not exist in this project' }]],
    ["a mapping for an owner not in the file", () => importCodeowners(json(`${base}/${slug}/ownership/codeowners`, "POST", { content: "* @a/b", mapping: { "@x/y": "ignore" } }), params({})), `/api/v1/projects/${slug}/ownership/codeowners`, [{ path: "mapping", message: "Not an owner in this file: @x/y" }]],
  ])("%s is a 400 problem naming the field", async (_name, call, instance, errors) => {
    const response = await call();
    expect(response.status).toBe(400);
    expect(await problem(response)).toEqual(problemOf("bad_request", "Bad request", 400, "The request is not valid", instance, { errors }));
  });

  test.each([
    ["PATCH an unknown team", () => patchTeam(json(`${base}/${slug}/teams/nope`, "PATCH", { name: "x" }), params({ teamId: "nope" })), `/api/v1/projects/${slug}/teams/nope`, 'Team "nope" does not exist in this project', "team"],
    ["DELETE an unknown rule", () => deleteRule(plain(`${base}/${slug}/ownership/nope`, "DELETE"), params({ ruleId: "nope" })), `/api/v1/projects/${slug}/ownership/nope`, 'Ownership rule "nope" does not exist in this project', "rule"],
    ["GET teams of an unknown project", () => getTeams(plain(`${base}/ghost/teams`), { params: Promise.resolve({ slug: "ghost" }) }), "/api/v1/projects/ghost/teams", 'Project "ghost" does not exist', "project"],
  ])("%s is a 404 problem", async (_name, call, instance, detail, entity) => {
    const response = await call();
    expect(response.status).toBe(404);
    expect(await problem(response)).toEqual(problemOf("not_found", "Not found", 404, detail, instance, { entity }));
  });

  test("deleting a team deletes its rules, hands its groups back to the rules and queues the job", async () => {
    const payments = await db.prisma.team.findFirstOrThrow({ where: { projectId, slug: "payments" } });
    const response = await deleteTeam(plain(`${base}/${slug}/teams/${payments.id}`, "DELETE"), params({ teamId: payments.id }));
    expect(await response.json()).toMatchObject({ deleted: payments.id, job: { kind: "ownership" } });
    await settleBackgroundJobs();
    expect(await db.prisma.ownershipRule.count({ where: { teamId: payments.id } })).toBe(0);
    const listed = (await (await getTeams(plain(`${base}/${slug}/teams`), params({}))).json()) as { events: { action: string }[]; job: { status: string } };
    expect(listed.events[0]?.action).toBe("team.delete");
    expect(listed.job.status).toBe("done");
  });
});
