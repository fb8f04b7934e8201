import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as getFlaky } from "@/app/api/v1/projects/[slug]/flaky/route";
import { GET as getJob } from "@/app/api/v1/projects/[slug]/jobs/[jobId]/route";
import { DELETE as deleteRule, PATCH as patchRule } from "@/app/api/v1/projects/[slug]/rules/[ruleId]/route";
import { GET as exportAllure, POST as importAllure } from "@/app/api/v1/projects/[slug]/rules/allure/route";
import { POST as reorder } from "@/app/api/v1/projects/[slug]/rules/reorder/route";
import { GET as getRules, POST as postRule } from "@/app/api/v1/projects/[slug]/rules/route";
import { POST as tryRule } from "@/app/api/v1/projects/[slug]/rules/try/route";
import { uploadRun } from "@/lib/api/runs";
import { createApiToken } from "@/lib/api/tokens";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { settleBackgroundJobs } from "@/lib/db/jobs";
import { createTestDatabase } from "@/lib/db/testing";
import { browserRequest, sessionFor } from "@/test/session";

const base = "http://localhost/api/v1/projects";
const slug = "rules-api";
let cookie = "";
let actor = "";
// Every request is a same-origin browser request of a signed-in instance admin.
const request = (url: string, init?: RequestInit) => browserRequest(cookie, url, init);
const json = (url: string, method: string, body: unknown) =>
  request(url, { method, headers: { "content-type": "application/json" }, body: typeof body === "string" ? body : JSON.stringify(body) });
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

const report = (message: string) =>
  Buffer.from(`<testsuites><testsuite name="s"><testcase classname="c" file="tests/test_c.py" name="t"><failure message="${message}" type="AssertionError"/></testcase></testsuite></testsuites>`);

describe("rules API", () => {
  let db: Database;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    const project = await db.prisma.project.create({ data: { slug, name: "Rules API" } });
    token = (await createApiToken(db.prisma, project.id, "ci")).token;
    const session = await sessionFor(db.prisma, { instanceAdmin: true });
    cookie = session.cookie;
    actor = session.email;
  });
  afterAll(async () => {
    await settleBackgroundJobs();
    setDatabase(undefined);
    await db.close();
  });

  const upload = (query: string, body: Buffer) =>
    uploadRun(db.prisma, new Request(`http://localhost/api/v1/runs?${query}`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/xml" }, body: new Uint8Array(body) }), { maxBytes: 1 << 20 });

  test("uploads use the project's rules, store --test-files and report silent files at completion", async () => {
    await upload("runKey=u1&completed=true&testFiles=tests/test_c.py&testFiles=tests/test_gone.py&commentedOutFiles=tests/test_gone.py", report("legacy API unavailable"));
    const results = await db.prisma.result.findMany({ include: { test: true }, orderBy: { test: { key: "asc" } } });
    expect(results.map((r) => [r.test.key, r.status, r.category])).toEqual([
      ["c::t", "failed", "assertion"],
      ["tests/test_gone.py::(file)", "missing", "commented_out"],
    ]);
  });

  test("POST, GET, PATCH, reorder and DELETE rules; each change queues a reclassify job that finishes", async () => {
    const created = await postRule(json(`${base}/${slug}/rules`, "POST", { name: "Legacy API", category: "infrastructure", message: "legacy api" }), params({}));
    expect(created.status).toBe(201);
    const { rule, job } = (await created.json()) as { rule: { id: string; position: number }; job: { id: string; kind: string } };
    expect(job.kind).toBe("reclassify");
    await settleBackgroundJobs();
    const jobResponse = await getJob(request(`${base}/${slug}/jobs/${job.id}`), params({ jobId: job.id }));
    expect(await jobResponse.json()).toMatchObject({ job: { id: job.id, kind: "reclassify", status: "done", progress: 2, total: 2 } });
    expect((await db.prisma.result.findFirstOrThrow({ where: { status: "failed" } })).category).toBe("infrastructure");

    // A new upload is classified with the rule straight away.
    await upload("runKey=u2&completed=true", report("legacy API unavailable again"));
    expect((await db.prisma.result.findFirstOrThrow({ where: { status: "failed", run: { runKey: "u2" } } })).ruleId).toBe(rule.id);

    const second = (await (await postRule(json(`${base}/${slug}/rules`, "POST", { name: "Gone", category: "other", statuses: ["missing"] }), params({}))).json()) as { rule: { id: string } };
    const listed = (await (await getRules(request(`${base}/${slug}/rules`), params({}))).json()) as { rules: { name: string }[]; defaults: { id: string }[] };
    expect(listed.rules.map((r) => r.name)).toEqual(["Legacy API", "Gone"]);
    expect(listed.defaults.length).toBeGreaterThan(20);

    const patched = await patchRule(json(`${base}/${slug}/rules/${rule.id}`, "PATCH", { category: "mock" }), params({ ruleId: rule.id }));
    expect(((await patched.json()) as { rule: { category: string } }).rule.category).toBe("mock");
    const reordered = await reorder(json(`${base}/${slug}/rules/reorder`, "POST", { ruleIds: [second.rule.id, rule.id] }), params({}));
    expect(((await reordered.json()) as { rules: { name: string }[] }).rules.map((r) => r.name)).toEqual(["Gone", "Legacy API"]);
    const deleted = await deleteRule(request(`${base}/${slug}/rules/${second.rule.id}`, { method: "DELETE" }), params({ ruleId: second.rule.id }));
    expect(await deleted.json()).toMatchObject({ deleted: second.rule.id, job: { kind: "reclassify" } });
    await settleBackgroundJobs();
    expect(await db.prisma.job.findMany({ where: { kind: "reclassify" }, select: { status: true } })).toEqual(Array(5).fill({ status: "done" }));
    expect((await db.prisma.triageEvent.findMany({ where: { failureGroupId: null }, orderBy: { createdAt: "asc" } })).map((e) => [e.actor, e.action])).toEqual([
      [actor, "rule.create"],
      [actor, "rule.create"],
      [actor, "rule.update"],
      [actor, "rule.reorder"],
      [actor, "rule.delete"],
    ]);
  });

  test("a bad regex is a 400 problem naming the field", async () => {
    const response = await postRule(json(`${base}/${slug}/rules`, "POST", { name: "Bad", category: "other", trace: "(" }), params({}));
    expect(response.status).toBe(400);
    expect(await problem(response)).toEqual(
      problemOf("bad_request", "Bad request", 400, "The request is not valid", `/api/v1/projects/${slug}/rules`, {
        errors: [{ path: "trace", message: "Not a valid regular expression: Invalid regular expression: /(/i: Unterminated group" }],
      }),
    );
  });

  test.each([
    ["PATCH an unknown rule", () => patchRule(json(`${base}/${slug}/rules/nope`, "PATCH", { name: "x" }), params({ ruleId: "nope" })), `/api/v1/projects/${slug}/rules/nope`, 'Rule "nope" does not exist in this project', "rule"],
    ["DELETE an unknown rule", () => deleteRule(request(`${base}/${slug}/rules/nope`, { method: "DELETE" }), params({ ruleId: "nope" })), `/api/v1/projects/${slug}/rules/nope`, 'Rule "nope" does not exist in this project', "rule"],
    ["GET an unknown job", () => getJob(request(`${base}/${slug}/jobs/nope`), params({ jobId: "nope" })), `/api/v1/projects/${slug}/jobs/nope`, 'Job "nope" does not exist in this project', "job"],
    ["GET rules of an unknown project", () => getRules(request(`${base}/ghost/rules`), { params: Promise.resolve({ slug: "ghost" }) }), "/api/v1/projects/ghost/rules", 'Project "ghost" does not exist', "project"],
    ["GET flaky tests of an unknown project", () => getFlaky(request(`${base}/ghost/flaky`), { params: Promise.resolve({ slug: "ghost" }) }), "/api/v1/projects/ghost/flaky", 'Project "ghost" does not exist', "project"],
  ])("%s is a 404 problem", async (_name, call, instance, detail, entity) => {
    const response = await call();
    expect(response.status).toBe(404);
    expect(await problem(response)).toEqual(problemOf("not_found", "Not found", 404, detail, instance, { entity }));
  });

  test("trying a rule lists the would-be changes and writes nothing", async () => {
    const rules = await db.prisma.classificationRule.count();
    const response = await tryRule(json(`${base}/${slug}/rules/try`, "POST", { name: "Unavailable", category: "fixture", message: "unavailable" }), params({}));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { examined: number; changed: number; results: { matched: boolean; from: { category: string }; to: { category: string } }[] };
    expect(body.changed).toBe(0); // the project's "Legacy API" rule comes first and still wins
    expect(body.examined).toBe(3); // two failure groups of failed results and the silent test file
    const replacing = await tryRule(json(`${base}/${slug}/rules/try`, "POST", { name: "Unavailable", category: "fixture", statuses: ["failed"] }), params({}));
    const replaced = (await replacing.json()) as typeof body;
    // The tried rule matches both failures, but the project's rule before it still decides them.
    expect(replaced.changed).toBe(0);
    expect(replaced.results.map((r) => [r.matched, r.from.category, r.to.category])).toEqual([
      [true, "mock", "mock"],
      [true, "mock", "mock"],
    ]);
    expect(await db.prisma.classificationRule.count()).toBe(rules);
  });

  test("Allure categories.json: export, import, and a 400 problem with details for a bad file", async () => {
    const imported = await importAllure(
      json(`${base}/${slug}/rules/allure`, "POST", { categories: [{ name: "Outage", messageRegex: ".*unavailable.*" }], mapping: { Outage: "infrastructure" } }),
      params({}),
    );
    expect(imported.status).toBe(201);
    const exported = await exportAllure(request(`${base}/${slug}/rules/allure?download=1`), params({}));
    expect(exported.headers.get("content-disposition")).toBe('attachment; filename="categories.json"');
    const categories = (await exported.json()) as { name: string; messageRegex?: string }[];
    expect(categories.at(-1)).toEqual({ name: "Outage", messageRegex: ".*unavailable.*" });
    const bad = await importAllure(json(`${base}/${slug}/rules/allure`, "POST", { categories: [{ name: "Broken", traceRegex: "[" }] }), params({}));
    expect(bad.status).toBe(400);
    expect(await problem(bad)).toEqual(
      problemOf("bad_request", "Bad request", 400, 'Category "Broken": traceRegex is not a valid regular expression: Invalid regular expression: /^(?:[)$/s: Unterminated character class', `/api/v1/projects/${slug}/rules/allure`, {
        reason: "invalid-allure-categories",
      }),
    );
    const notJson = await importAllure(json(`${base}/${slug}/rules/allure`, "POST", { categories: "{" }), params({}));
    expect((await problem(notJson)).reason).toBe("invalid-allure-categories");
  });
});
