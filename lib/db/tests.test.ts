import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { closeAppDatabase, openAppDatabase } from "@/test/app-database";
import { browserRequest, sessionFor } from "@/test/session";
import { GET as getTest } from "@/app/api/v1/projects/[slug]/tests/[testId]/route";
import type { Database } from "@/lib/db/connection";
import { getTestDetail } from "./tests";

const base = "http://localhost/api/v1/projects/golden-path";

describe("tests: one test's history", () => {
  let db: Database;
  /** A signed-in viewer of the project, for the route's requests. */
  let cookie: string;

  beforeAll(async () => {
    db = await openAppDatabase({ demoRuns: 12 });
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "golden-path" } });
    cookie = (await sessionFor(db.prisma, { projectId: project.id, role: "viewer" })).cookie;
  });
  afterAll(() => closeAppDatabase(db));

  test("a test's history: one point per run, oldest first, with its groups and flaky evidence", async () => {
    const flaky = await db.prisma.result.findFirstOrThrow({ where: { flaky: true }, include: { test: true } });
    const detail = await getTestDetail(db.prisma, "golden-path", flaky.testId);
    expect(detail!.test.key).toBe(flaky.test.key);
    expect(detail!.history).toHaveLength(await db.prisma.result.count({ where: { testId: flaky.testId } }));
    const times = detail!.history.map((h) => h.startedAt);
    expect(times).toEqual([...times].sort());
    expect(detail!.flaky.flakyRuns).toBe(await db.prisma.result.count({ where: { testId: flaky.testId, flaky: true } }));
    expect(detail!.summary.runs).toBe(detail!.history.length);

    const failing = await db.prisma.result.findFirstOrThrow({ where: { failureGroupId: { not: null } } });
    const withGroups = await getTestDetail(db.prisma, "golden-path", failing.testId);
    expect(withGroups!.groups.map((g) => g.id)).toContain(failing.failureGroupId);
  });

  test("a test's last sighting is derived from its results: the latest run that reported it, not one it went missing in", async () => {
    const missing = await db.prisma.result.findFirstOrThrow({ where: { status: "missing" }, orderBy: { run: { startedAt: "desc" } }, include: { run: true } });
    const reported = await db.prisma.result.findMany({ where: { testId: missing.testId, status: { not: "missing" } }, select: { run: { select: { startedAt: true } } } });
    const latest = Math.max(...reported.map((r) => r.run.startedAt.getTime()));
    expect(latest).toBeLessThan(missing.run.startedAt.getTime());
    expect((await getTestDetail(db.prisma, "golden-path", missing.testId))!.test.lastSeenAt).toBe(new Date(latest).toISOString());

    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "golden-path" } });
    const unseen = await db.prisma.test.create({ data: { projectId: project.id, key: "tests/test_unseen.py::test_never_reported", name: "test_never_reported" } });
    expect((await getTestDetail(db.prisma, "golden-path", unseen.id))!.test.lastSeenAt).toBeNull();
  });

  test("GET test detail answers 200 on the branch asked for", async () => {
    const { testId } = await db.prisma.result.findFirstOrThrow({ where: { flaky: true } });
    const detail = await getTest(browserRequest(cookie, `${base}/tests/${testId}?branch=main`), { params: Promise.resolve({ slug: "golden-path", testId }) });
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as { test: { id: string } }).test.id).toBe(testId);
  });

  test("an unknown test is a 404 problem", async () => {
    const response = await getTest(browserRequest(cookie, `${base}/tests/nope`), { params: Promise.resolve({ slug: "golden-path", testId: "nope" }) });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/not_found",
      title: "Not found",
      status: 404,
      code: "not_found",
      detail: 'Test "nope" does not exist in project "golden-path"',
      instance: "/api/v1/projects/golden-path/tests/nope",
    });
  });

  test("an unknown query parameter is a 400 problem", async () => {
    const { testId } = await db.prisma.result.findFirstOrThrow();
    const response = await getTest(browserRequest(cookie, `${base}/tests/${testId}?window=5`), { params: Promise.resolve({ slug: "golden-path", testId }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: "https://greenboard.dev/problems/bad_request",
      title: "Bad request",
      status: 400,
      code: "bad_request",
      detail: "The request is not valid",
      instance: `/api/v1/projects/golden-path/tests/${testId}`,
      errors: [{ path: "", message: 'Unrecognized key: "window"' }],
    });
  });
});
