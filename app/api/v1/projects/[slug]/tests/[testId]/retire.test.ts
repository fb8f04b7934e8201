import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PATCH as patchTest } from "@/app/api/v1/projects/[slug]/tests/[testId]/route";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { completeRun, ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { browserHeaders, sessionFor } from "@/test/session";

const report = (names: string[]) =>
  Buffer.from(`<testsuites><testsuite name="t">${names.map((n) => `<testcase classname="tests.test_cors" name="${n}"/>`).join("")}</testsuite></testsuites>`);

describe("retiring a test", () => {
  let db: Database;
  let projectId: string;
  /** A member of the project (retiring a test is triage), signed in. */
  let member: { cookie: string; email: string };
  const options = { classifier: defaultClassifier };
  const upload = (runKey: string, names: string[], day: number) =>
    ingest(
      db.prisma,
      { projectId, runKey, metadata: { branch: "main", startedAt: new Date(Date.UTC(2026, 0, day)) }, files: [{ filename: "r.xml", source: [report(names)] }], completed: true },
      { ...options, now: new Date(Date.UTC(2026, 0, day)) },
    );
  const patch = (testId: string, body: unknown, slug = "p") =>
    patchTest(
      new Request(`http://localhost/api/v1/projects/${slug}/tests/${testId}`, { method: "PATCH", headers: browserHeaders(member.cookie, { "content-type": "application/json" }), body: JSON.stringify(body) }),
      { params: Promise.resolve({ slug, testId }) },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    projectId = (await db.prisma.project.create({ data: { slug: "p", name: "P" } })).id;
    member = await sessionFor(db.prisma, { projectId, role: "member" });
  });
  afterAll(async () => {
    setDatabase(undefined);
    await db.close();
  });

  test("a retired test is no longer missing; it is un-retired when it reports again; both changes are audited", async () => {
    await upload("r1", ["a", "b"], 1);
    const { runId } = await upload("r2", ["a"], 2);
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: runId } })).missing).toBe(1);

    const b = await db.prisma.test.findFirstOrThrow({ where: { projectId, key: "tests.test_cors::b" } });
    const response = await patch(b.id, { retired: true });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { test: { retiredAt: string | null } }).test.retiredAt).toEqual(expect.any(String));

    const r3 = await upload("r3", ["a"], 3);
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: r3.runId } })).missing).toBe(0);
    await completeRun(db.prisma, r3.runId, options);
    expect((await db.prisma.run.findUniqueOrThrow({ where: { id: r3.runId } })).missing).toBe(0);

    await upload("r4", ["a", "b"], 4);
    expect((await db.prisma.test.findUniqueOrThrow({ where: { id: b.id } })).retiredAt).toBeNull();

    const events = await db.prisma.triageEvent.findMany({ where: { projectId, action: { startsWith: "test." } } });
    expect(events.map((e) => [e.action, e.actor, e.toValue])).toEqual([["test.retire", member.email, "tests.test_cors::b"]]);
  });

  test.each([
    ["a body without retired", { retire: true }, 400],
    ["an unknown test", { retired: true }, 404],
  ])("%s is a problem response", async (label, body, status) => {
    const testId = label === "an unknown test" ? "nope" : (await db.prisma.test.findFirstOrThrow({ where: { projectId } })).id;
    const response = await patch(testId, body);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    if (status === 404) expect(((await response.json()) as { detail: string }).detail).toBe('Test "nope" does not exist in project "p"');
  });
});
