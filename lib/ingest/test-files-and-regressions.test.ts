import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { updateGroup } from "@/lib/db/triage";
import { defaultClassifier } from "./default-classifier";
import { completeRun, ingest } from "./index";

const options = { classifier: defaultClassifier };
const xml = (cases: string) => Buffer.from(`<testsuites><testsuite name="s">${cases}</testsuite></testsuites>`);
const pass = (file: string, name: string) => `<testcase classname="x" file="${file}" name="${name}"/>`;
const fail = (file: string, name: string, message: string) =>
  `<testcase classname="x" file="${file}" name="${name}"><failure message="${message}" type="AssertionError">trace</failure></testcase>`;

describe("test files that report nothing, and regressions in the audit trail", () => {
  let db: Database;
  let projectId: string;
  const day = (n: number) => new Date(Date.UTC(2026, 3, n, 10));

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "tf", name: "TF", resolveAfterRuns: 1 } })).id;
  });
  afterAll(() => db.close());

  test("listed test files without any test case become missing results at completion, saying why", async () => {
    // Two shards list overlapping files; the second one says which file is all commented out.
    await ingest(
      db.prisma,
      {
        projectId,
        runKey: "files-1",
        metadata: { branch: "files", testFiles: [{ path: "tests/test_a.py", commentedOut: null }, { path: "tests/test_empty.py", commentedOut: null }] },
        files: [{ filename: "a.xml", source: [xml(pass("/home/runner/work/app/tests/test_a.py", "t1"))] }],
      },
      options,
    );
    const done = await ingest(
      db.prisma,
      {
        projectId,
        runKey: "files-1",
        metadata: { testFiles: [{ path: "tests/test_empty.py", commentedOut: true }, { path: "tests/test_quiet.py", commentedOut: false }] },
        files: [{ filename: "b.xml", source: [xml(pass("tests/test_b.py", "t2"))] }],
        completed: true,
      },
      options,
    );
    expect(done.completed).toBe(true);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: done.runId } });
    expect([run.tests, run.passed, run.missing, run.passRate]).toEqual([4, 2, 2, 0.5]);
    const missing = await db.prisma.result.findMany({ where: { runId: run.id, status: "missing" }, include: { test: true, failureGroup: true }, orderBy: { test: { key: "asc" } } });
    expect(missing.map((r) => [r.test.key, r.test.file, r.category, r.message])).toEqual([
      ["tests/test_empty.py::(file)", "tests/test_empty.py", "commented_out", "Test file reported 0 tests: tests/test_empty.py — all code in the file is commented out"],
      ["tests/test_quiet.py::(file)", "tests/test_quiet.py", "commented_out", "Test file reported 0 tests: tests/test_quiet.py (its code is not all commented out)"],
    ]);
    expect(missing.every((r) => r.failureGroup?.occurrences === 1)).toBe(true);
    // Completing again adds nothing.
    expect((await completeRun(db.prisma, run.id, options)).missing).toBe(0);
  });

  test("a restored file stops being missing: stand-in tests are not carried over by the recent-runs comparison", async () => {
    const done = await ingest(
      db.prisma,
      {
        projectId,
        runKey: "files-2",
        metadata: { branch: "files", testFiles: [{ path: "tests/test_a.py", commentedOut: null }, { path: "tests/test_empty.py", commentedOut: null }] },
        files: [{ filename: "a.xml", source: [xml(pass("tests/test_a.py", "t1") + pass("tests/test_b.py", "t2") + pass("tests/test_empty.py", "back") + pass("tests/test_quiet.py", "q"))] }],
        completed: true,
      },
      options,
    );
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: done.runId } });
    expect([run.tests, run.missing]).toEqual([4, 0]);
  });

  test("ingestion that brings back a fixed or resolved group records the regression as a system status event", async () => {
    const upload = (runKey: string, n: number, cases: string) =>
      ingest(db.prisma, { projectId, runKey, metadata: { branch: "reg", startedAt: day(n) }, files: [{ filename: "r.xml", source: [xml(cases)] }], completed: true }, { ...options, now: day(n) });
    await upload("reg-1", 1, fail("tests/test_r.py", "t", "assert 1 == 2") + fail("tests/test_r.py", "u", "assert 'a' == 'b'"));
    const groups = await db.prisma.failureGroup.findMany({ where: { projectId }, orderBy: { title: "asc" } });
    const [numbers, letters] = groups.filter((g) => g.title.startsWith("assert"));
    // Both groups are absent from reg-2: resolved by absence (resolveAfterRuns = 1); then someone marks one fixed.
    await upload("reg-2", 2, pass("tests/test_r.py", "t") + pass("tests/test_r.py", "u"));
    expect((await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: letters!.id } })).status).toBe("resolved");
    await updateGroup(db.prisma, numbers!.id, { status: "fixed" }, "anonymous");
    await upload("reg-3", 3, fail("tests/test_r.py", "t", "assert 1 == 2") + fail("tests/test_r.py", "u", "assert 'a' == 'b'"));
    for (const [group, from] of [[numbers!, "fixed"], [letters!, "resolved"]] as const) {
      expect(await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "new", regressed: true });
      const events = await db.prisma.triageEvent.findMany({ where: { failureGroupId: group.id, toValue: "new" } });
      expect(events.map((e) => [e.actor, e.action, e.fromValue, e.toValue, e.note])).toEqual([["system", "status", from, "new", "regressed: seen again in run reg-3"]]);
    }
  });

  test("a missing-test group that comes back after being resolved is a regression too", async () => {
    const upload = (runKey: string, n: number, cases: string) =>
      ingest(db.prisma, { projectId, runKey, metadata: { branch: "gone", startedAt: day(n) }, files: [{ filename: "r.xml", source: [xml(cases)] }], completed: true }, { ...options, now: day(n) });
    await upload("gone-1", 1, pass("tests/test_g.py", "a") + pass("tests/test_g.py", "b"));
    await upload("gone-2", 2, pass("tests/test_g.py", "a"));
    const group = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, failureType: "missing", title: { contains: "test_g.py" } } });
    await updateGroup(db.prisma, group.id, { status: "fixed" }, "anonymous");
    await upload("gone-3", 3, pass("tests/test_g.py", "a"));
    expect(await db.prisma.failureGroup.findUniqueOrThrow({ where: { id: group.id } })).toMatchObject({ status: "new", regressed: true });
    expect(await db.prisma.triageEvent.findMany({ where: { failureGroupId: group.id, actor: "system" } })).toMatchObject([{ fromValue: "fixed", toValue: "new", note: "regressed: seen again in run gone-3" }]);
  });
});
