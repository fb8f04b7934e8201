import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { deleteProject, deleteRun } from "./admin";
import { deleteRunIfEmpty, ensureRun } from "./ingest-jobs";

// results and tests have no foreign keys (docs/decisions.md): nothing cascades to them, so these
// check that every delete path removes them itself and leaves no row pointing at a deleted parent.

const day = (d: number) => new Date(Date.UTC(2026, 2, d, 12));
const report = (cases: string) => Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="tests">${cases}</testsuite></testsuites>`);
const pass = (name: string) => `<testcase classname="tests.test_api" name="${name}" file="tests/test_api.py" time="0.1"/>`;
const fail = (name: string) =>
  `<testcase classname="tests.test_api" name="${name}" file="tests/test_api.py" time="0.2"><failure message="assert 1 == 2" type="AssertionError">trace</failure></testcase>`;

describe("deleting runs and projects leaves no orphan results or tests", () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  async function store(projectId: string, runKey: string, d: number, cases: string) {
    const metadata = {
      branch: "main",
      startedAt: day(d),
      // A listed file without test cases becomes a `missing` result on a stand-in test (lib/ingest/complete-run.ts).
      testFiles: [
        { path: "tests/test_api.py", commentedOut: null },
        { path: "tests/test_empty.py", commentedOut: true },
      ],
    };
    const { runId } = await ingest(
      db.prisma,
      { projectId, runKey, metadata, files: [{ filename: `${runKey}.xml`, source: [report(cases)] }], completed: true },
      { classifier: defaultClassifier, now: day(d) },
    );
    return runId;
  }

  /** Rows of results and tests whose parent row is gone. */
  async function orphans() {
    const [row] = await db.prisma.$queryRawUnsafe<Record<string, number>[]>(
      `SELECT
         (SELECT count(*) FROM results r WHERE NOT EXISTS (SELECT 1 FROM runs ru WHERE ru.id = r."runId"))::int AS "resultsWithoutRun",
         (SELECT count(*) FROM results r WHERE NOT EXISTS (SELECT 1 FROM tests t WHERE t.id = r."testId"))::int AS "resultsWithoutTest",
         (SELECT count(*) FROM results r WHERE r."uploadId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id = r."uploadId"))::int AS "resultsWithoutUpload",
         (SELECT count(*) FROM results r WHERE r."failureGroupId" IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM failure_groups g WHERE g.id = r."failureGroupId"))::int AS "resultsWithoutGroup",
         (SELECT count(*) FROM tests t WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = t."projectId"))::int AS "testsWithoutProject"`,
    );
    return row;
  }
  const none = { resultsWithoutRun: 0, resultsWithoutTest: 0, resultsWithoutUpload: 0, resultsWithoutGroup: 0, testsWithoutProject: 0 };

  test("a deleted run takes its results and keeps the other runs'; a deleted project takes its tests and results", async () => {
    const doomed = await db.prisma.project.create({ data: { slug: "doomed", name: "Doomed" } });
    const kept = await db.prisma.project.create({ data: { slug: "kept", name: "Kept" } });
    const first = await store(doomed.id, "r1", 1, pass("a") + fail("b") + fail("c"));
    const second = await store(doomed.id, "r2", 2, pass("a") + pass("b") + fail("c") + fail("d"));
    const other = await store(kept.id, "k1", 1, pass("a") + fail("b"));
    const secondResults = await db.prisma.result.findMany({ where: { runId: second }, orderBy: { id: "asc" } });
    const keptResults = await db.prisma.result.count({ where: { runId: other } });
    const keptTests = await db.prisma.test.count({ where: { projectId: kept.id } });
    expect(await db.prisma.result.count({ where: { runId: first, status: "missing" } })).toBe(1);
    expect(await orphans()).toEqual(none);

    await deleteRun(db.prisma, first, "admin@example.com");
    expect(await db.prisma.result.count({ where: { runId: first } })).toBe(0);
    expect(await db.prisma.result.findMany({ where: { runId: second }, orderBy: { id: "asc" } })).toEqual(secondResults);
    expect(await orphans()).toEqual(none);

    await deleteProject(db.prisma, doomed.id);
    expect(await db.prisma.test.count({ where: { projectId: doomed.id } })).toBe(0);
    expect(await db.prisma.result.count({ where: { runId: second } })).toBe(0);
    expect(await db.prisma.result.count({ where: { runId: other } })).toBe(keptResults);
    expect(await db.prisma.test.count({ where: { projectId: kept.id } })).toBe(keptTests);
    expect(await orphans()).toEqual(none);
  });

  test("the empty run of a failed ingest job is removed, a run with an upload is kept", async () => {
    const project = await db.prisma.project.create({ data: { slug: "jobs", name: "Jobs" } });
    const empty = await ensureRun(db.prisma, project.id, "failed-job", { branch: "main" });
    await deleteRunIfEmpty(db.prisma, empty.id);
    expect(await db.prisma.run.findUnique({ where: { id: empty.id } })).toBeNull();

    const filled = await store(project.id, "filled", 3, pass("a"));
    const results = await db.prisma.result.count({ where: { runId: filled } });
    expect(results).toBeGreaterThan(0);
    await deleteRunIfEmpty(db.prisma, filled);
    expect(await db.prisma.run.findUnique({ where: { id: filled } })).not.toBeNull();
    expect(await db.prisma.result.count({ where: { runId: filled } })).toBe(results);
    expect(await orphans()).toEqual(none);
  });
});
