import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { browserRequest, sessionFor } from "@/test/session";
import { PATCH as patchGroup, GET as getGroup } from "@/app/api/v1/projects/[slug]/groups/[groupId]/route";
import { POST as postNote } from "@/app/api/v1/projects/[slug]/groups/[groupId]/notes/route";
import { POST as postBulk } from "@/app/api/v1/projects/[slug]/groups/bulk/route";
import { GET as getGroups } from "@/app/api/v1/projects/[slug]/groups/route";
import { GET as getResults } from "@/app/api/v1/projects/[slug]/runs/[runId]/results/route";
import { GET as getRun } from "@/app/api/v1/projects/[slug]/runs/[runId]/route";
import { GET as getRuns } from "@/app/api/v1/projects/[slug]/runs/route";
import type { Database } from "@/lib/db/connection";

const base = "http://localhost/api/v1/projects";
const slug = "golden-path";

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { status: number; title: string; detail: string; errors?: { path: string; message: string }[] };
}

// Every request is a same-origin browser request of a signed-in member of the project (set in beforeAll):
// reading and triage are what a member does.
let cookie = "";
let actor = "";
const request = (url: string, init?: RequestInit) => browserRequest(cookie, url, init);
function jsonRequest(url: string, method: string, body: unknown): Request {
  return request(url, { method, headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

describe("dashboard API: runs, results, failure groups", () => {
  let db: Database;
  let latestRunId: string;
  let groupId: string;

  beforeAll(async () => {
    db = await openAppDatabase({ demoRuns: 3 });
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug } });
    ({ cookie, email: actor } = await sessionFor(db.prisma, { projectId: project.id, role: "member" }));
    latestRunId = (await db.prisma.run.findFirstOrThrow({ orderBy: { startedAt: "desc" } })).id;
    groupId = (await db.prisma.failureGroup.findFirstOrThrow({ where: { status: "new" }, orderBy: { affectedTests: "desc" } })).id;
  });
  afterAll(() => closeAppDatabase(db));

  const runParams = (runId: string, s = slug) => ({ params: Promise.resolve({ slug: s, runId }) });
  const groupParams = (id: string, s = slug) => ({ params: Promise.resolve({ slug: s, groupId: id }) });

  test("GET runs lists the demo runs newest first", async () => {
    const response = await getRuns(request(`${base}/${slug}/runs`), { params: Promise.resolve({ slug }) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { runs: { runKey: string }[]; total: number };
    expect(body.runs.map((r) => r.runKey)).toEqual(["ci-1042", "ci-1041", "ci-1040"]);
    expect(body.total).toBe(3);
  });

  test("GET run detail has the diff to the previous run", async () => {
    const response = await getRun(request(`${base}/${slug}/runs/${latestRunId}`), runParams(latestRunId));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { diff: { previousRun: { runKey: string } } };
    expect(body.diff.previousRun.runKey).toBe("ci-1041");
  });

  test("GET results pages and filters in the database", async () => {
    const response = await getResults(request(`${base}/${slug}/runs/${latestRunId}/results?status=error&sort=name`), runParams(latestRunId));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: { status: string; testKey: string }[]; total: number; pageSize: number };
    expect(body.total).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(body.pageSize);
    expect(body.results.every((r) => r.status === "error")).toBe(true);
    const keys = body.results.map((r) => r.testKey);
    expect(keys).toEqual([...keys].sort());
  });

  test.each([
    ["status=bogus", "status"],
    ["sort=random", "sort"],
    ["page=0", "page"],
    ["category=flaky", "category"],
  ])("GET results with %s is a 400 problem naming %s", async (query, path) => {
    const response = await getResults(request(`${base}/${slug}/runs/${latestRunId}/results?${query}`), runParams(latestRunId));
    expect(response.status).toBe(400);
    const body = await problem(response);
    expect(body.errors?.map((e) => e.path)).toEqual([path]);
  });

  test("GET results of an unknown run, or of a run of another project, is a 404 problem", async () => {
    expect((await problem(await getResults(request(`${base}/${slug}/runs/nope/results`), runParams("nope")))).status).toBe(404);
    const other = await getResults(request(`${base}/other/runs/${latestRunId}/results`), runParams(latestRunId, "other"));
    expect(other.status).toBe(404);
  });

  test("GET groups is the open queue by default", async () => {
    const response = await getGroups(request(`${base}/${slug}/groups`), { params: Promise.resolve({ slug }) });
    const body = (await response.json()) as { groups: { status: string; impact: number }[] };
    expect(body.groups.length).toBeGreaterThan(0);
    expect(body.groups.every((g) => g.status === "new" || g.status === "investigating")).toBe(true);
    const impacts = body.groups.map((g) => g.impact);
    expect(impacts).toEqual([...impacts].sort((a, b) => b - a));
  });

  test("PATCH a group changes it and the audit trail shows it", async () => {
    const response = await patchGroup(jsonRequest(`${base}/${slug}/groups/${groupId}`, "PATCH", { status: "investigating" }), groupParams(groupId));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { group: { status: string; events: string[] } }).group).toMatchObject({ status: "investigating", events: ["status"] });
    const note = await postNote(jsonRequest(`${base}/${slug}/groups/${groupId}/notes`, "POST", { body: "Looking at the CI Redis service" }), groupParams(groupId));
    expect(note.status).toBe(201);
    const detail = (await (await getGroup(request(`${base}/${slug}/groups/${groupId}`), groupParams(groupId))).json()) as {
      events: { action: string; actor: string; toValue: string | null; note: string | null }[];
    };
    expect(detail.events.slice(0, 2).map((e) => [e.action, e.actor, e.toValue, e.note])).toEqual([
      ["note", actor, null, "Looking at the CI Redis service"],
      ["status", actor, "investigating", null],
    ]);
  });

  test.each([
    ["an unknown status", { status: "done" }, "status"],
    ["an unknown field", { colour: "red" }, ""],
    ["a non-http issue link", { externalIssueUrl: "ftp://example.com/1" }, "externalIssueUrl"],
    ["nothing to change", {}, ""],
    ["malformed JSON", "{status:", undefined],
  ])("PATCH with %s is a 400 problem", async (_label, body, path) => {
    const response = await patchGroup(jsonRequest(`${base}/${slug}/groups/${groupId}`, "PATCH", body), groupParams(groupId));
    expect(response.status).toBe(400);
    const p = await problem(response);
    expect(p.title).toBe("Bad request");
    if (path !== undefined) expect(p.errors?.map((e) => e.path)).toContain(path);
  });

  test("PATCH of an unknown group, a group of another project, or to an unknown team is a 404 problem", async () => {
    const unknown = await patchGroup(jsonRequest(`${base}/${slug}/groups/nope`, "PATCH", { status: "fixed" }), groupParams("nope"));
    expect((await problem(unknown)).status).toBe(404);
    const otherProject = await patchGroup(jsonRequest(`${base}/nope/groups/${groupId}`, "PATCH", { status: "fixed" }), groupParams(groupId, "nope"));
    expect(otherProject.status).toBe(404);
    const team = await patchGroup(jsonRequest(`${base}/${slug}/groups/${groupId}`, "PATCH", { assigneeTeamId: "nope" }), groupParams(groupId));
    expect(team.status).toBe(404);
    expect((await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: groupId } })).status).toBe("investigating");
  });

  test("POST bulk assigns many groups at once; an empty selection is a 400", async () => {
    const groups = await db.prisma.failureGroup.findMany({ take: 2, orderBy: { id: "asc" } });
    const team = await db.prisma.team.findFirstOrThrow({ where: { slug: "team-c" } });
    const response = await postBulk(
      jsonRequest(`${base}/${slug}/groups/bulk`, "POST", { groupIds: groups.map((g) => g.id), assigneeTeamId: team.id }),
      { params: Promise.resolve({ slug }) },
    );
    expect(response.status).toBe(200);
    expect((await db.prisma.failureGroup.findMany({ where: { id: { in: groups.map((g) => g.id) } } })).every((g) => g.assigneeTeamId === team.id)).toBe(true);
    const empty = await postBulk(jsonRequest(`${base}/${slug}/groups/bulk`, "POST", { groupIds: [], status: "fixed" }), { params: Promise.resolve({ slug }) });
    expect(empty.status).toBe(400);
  });
});
