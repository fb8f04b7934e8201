import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { mergeAttempts, parseJUnitStream, type ParsedCase } from "@/lib/junit";
import { defaultClassifier } from "./default-classifier";
import { ingest } from "./index";

// store-file.ts writes a report in batches of 5,000 elements while it streams in; what needs the
// whole file is settled at its end. These reports are large enough to span several batches, so
// attempts of one test land in different batches and a second upload meets the first one's rows.

const options = { classifier: defaultClassifier };

function xml(cases: string[]): Uint8Array {
  return Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="big">${cases.join("")}</testsuite></testsuites>`);
}
const pass = (name: string, extra = "") => `<testcase classname="big.Suite" name="${name}" time="0.01"${extra}/>`;
const fail = (name: string, message: string) =>
  `<testcase classname="big.Suite" name="${name}"><failure message="${message}" type="AssertionError">at big.Suite.${name}</failure></testcase>`;
const error = (name: string, message: string) =>
  `<testcase classname="big.Suite" name="${name}"><error message="${message}" type="RuntimeError">at big.Suite.${name}</error></testcase>`;
const skip = (name: string) => `<testcase classname="big.Suite" name="${name}"><skipped/></testcase>`;

async function parsedCases(bytes: Uint8Array): Promise<ParsedCase[]> {
  const cases: ParsedCase[] = [];
  for await (const event of parseJUnitStream([bytes], { keepOutput: false, keepProperties: false })) if (event.kind === "case") cases.push(event.case);
  return cases;
}

describe("ingestion in batches", () => {
  let db: Database;
  let projectId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "big", name: "Big" } })).id;
  });
  afterAll(() => db.close());

  const stored = async (runKey: string) => {
    const rows = await db.prisma.result.findMany({
      where: { run: { projectId, runKey } },
      select: { status: true, flaky: true, attempts: true, message: true, failureGroupId: true, test: { select: { key: true } } },
    });
    return new Map(rows.map((r) => [r.test.key, r]));
  };

  test("attempts of one test spread over several batches are folded as mergeAttempts folds them", async () => {
    // 12,000 tests; every 97th is tried again ~6,000 elements later (another batch), with a pattern
    // of outcomes that exercises every branch of the fold; a few are tried three times.
    const cases: string[] = [];
    const retried: number[] = [];
    for (let i = 0; i < 12_000; i++) {
      const name = `t${i}`;
      if (i % 97 === 0) {
        retried.push(i);
        cases.push([fail(name, `first ${i}`), error(name, `first ${i}`), pass(name), skip(name)][i % 4]!);
      } else cases.push(i % 50 === 1 ? fail(name, `plain ${i % 3}`) : pass(name));
      if (i >= 6_000 && retried.length > 0 && i % 2 === 0) {
        const j = retried.shift()!;
        cases.push([pass(`t${j}`), fail(`t${j}`, `again ${j}`), error(`t${j}`, `again ${j}`), pass(`t${j}`)][(j / 97) % 4]!);
        if (j % 3 === 0) cases.push(fail(`t${j}`, `third ${j}`));
      }
    }
    const bytes = xml(cases);
    const expected = mergeAttempts(await parsedCases(bytes));
    const result = await ingest(db.prisma, { projectId, runKey: "folded", files: [{ filename: "big.xml", source: [bytes] }] }, options);
    expect(result.uploads[0]?.tests).toBe(12_000);

    const rows = await stored("folded");
    expect(rows.size).toBe(expected.length);
    const mismatches = expected.filter((e) => {
      const row = rows.get(e.key);
      return !row || row.status !== e.status || row.flaky !== e.flaky || row.attempts !== e.attemptCount || row.message !== e.message;
    });
    expect(mismatches.map((m) => m.key)).toEqual([]);
    // Only failing chosen results are grouped, and every group has them: none is left over from
    // a first attempt that a later one replaced.
    for (const e of expected) expect(rows.get(e.key)!.failureGroupId !== null).toBe(e.status === "failed" || e.status === "error");
    const empty = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM failure_groups g WHERE g."projectId" = $1 AND NOT EXISTS (SELECT 1 FROM results r WHERE r."failureGroupId" = g.id)`,
      [projectId],
    );
    expect(empty[0]?.n).toBe(0);
    const occurrences = await db.sql.query<{ occurrences: number; results: number }>(
      `SELECT g.occurrences, (SELECT count(*)::int FROM results r WHERE r."failureGroupId" = g.id) AS results FROM failure_groups g WHERE g."projectId" = $1`,
      [projectId],
    );
    for (const g of occurrences) expect(g.occurrences).toBe(g.results);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId, runKey: "folded" } } });
    expect(run.tests).toBe(12_000);
    expect(run.failed + run.errors).toBe(expected.filter((e) => e.status === "failed" || e.status === "error").length);
  });

  test("a second upload to the run keeps the more severe outcome of a test both have; a replacing outcome adds its attempts", async () => {
    const names = Array.from({ length: 11_000 }, (_, i) => `s${i}`);
    const first = xml(names.map((n, i) => (i % 1000 === 0 ? fail(n, "shard one") : pass(n))));
    // The second shard has the first one's tests 0–5,999 again (fails where the first passed, passes
    // where it failed) and 6,000 tests of its own; one shared test is also retried inside it.
    const second = xml([
      ...names.slice(0, 6000).map((n, i) => (i % 1000 === 0 ? pass(n) : i % 1000 === 1 ? error(n, "shard two") : pass(n))),
      ...Array.from({ length: 6000 }, (_, i) => pass(`own${i}`)),
      fail("s2", "retried in shard two"),
    ]);
    await ingest(db.prisma, { projectId, runKey: "shards", files: [{ filename: "one.xml", source: [first] }] }, options);
    await ingest(db.prisma, { projectId, runKey: "shards", files: [{ filename: "two.xml", source: [second] }] }, options);
    const rows = await stored("shards");
    expect(rows.size).toBe(11_000 + 6000);
    // failed in shard one, passed in shard two: the failure stays as it was
    expect(rows.get("big.Suite::s0")).toMatchObject({ status: "failed", message: "shard one", attempts: 1 });
    // passed in shard one, error in shard two: the error wins
    expect(rows.get("big.Suite::s1")).toMatchObject({ status: "error", message: "shard two", attempts: 2 });
    // passed in shard one; in shard two passed then failed (folded: failed) — more severe, it wins
    expect(rows.get("big.Suite::s2")).toMatchObject({ status: "failed", message: "retried in shard two", attempts: 3 });
    expect(rows.get("big.Suite::s3")).toMatchObject({ status: "passed", attempts: 1 });
    expect(rows.get("big.Suite::s7001")).toMatchObject({ status: "passed", attempts: 1 });
    const run = await db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId, runKey: "shards" } } });
    expect([run.tests, run.failed, run.errors]).toEqual([17_000, 12, 6]);
  });

  test("two runs adding the same new tests at the same time both store every result, on the tests one of them made", async () => {
    const names = Array.from({ length: 9000 }, (_, i) => `c${i}`);
    const report = (n: number) => xml(names.map((name, i) => (i % 900 === n ? fail(name, `run ${n}`) : pass(name))));
    // Different runs do not wait for each other's run row: their test inserts meet in the unique
    // index, and the one that waits must find the other's tests by key.
    await Promise.all(
      [1, 2].map((n) => ingest(db.prisma, { projectId, runKey: `concurrent-${n}`, files: [{ filename: `r${n}.xml`, source: [report(n)] }] }, options)),
    );
    for (const n of [1, 2]) {
      const run = await db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId, runKey: `concurrent-${n}` } } });
      expect([run.tests, run.failed]).toEqual([9000, 10]);
    }
    const [tests] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM tests WHERE "projectId" = $1 AND key LIKE 'big.Suite::c%'`, [projectId]);
    expect(tests?.n).toBe(9000);
    const [orphans] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM results r WHERE NOT EXISTS (SELECT 1 FROM tests t WHERE t.id = r."testId")`);
    expect(orphans?.n).toBe(0);
  });

  test("only groups the file itself made for a replaced attempt are removed, not an emptied group of the run", async () => {
    const names = Array.from({ length: 6000 }, (_, i) => `g${i}`);
    await ingest(db.prisma, { projectId, runKey: "groups", files: [{ filename: "a.xml", source: [xml(names.map((n) => pass(n)))] }] }, options);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId, runKey: "groups" } } });
    // A group of this run that reclassification emptied and resolved: kept, with its history.
    const emptied = await db.prisma.failureGroup.create({
      data: { projectId, fingerprint: "emptied-by-reclassification", category: "assertion", title: "emptied", status: "resolved", firstSeenRunId: run.id, lastSeenRunId: run.id },
    });
    // Another shard of the run: "retried" fails first, then passes 5,500 elements later (another batch).
    await ingest(
      db.prisma,
      { projectId, runKey: "groups", files: [{ filename: "b.xml", source: [xml([fail("retried", "replaced attempt"), ...names.slice(2, 5500).map((n) => pass(`b${n}`)), pass("retried")])] }] },
      options,
    );
    expect(await db.prisma.failureGroup.findUnique({ where: { id: emptied.id } })).not.toBeNull();
    const replaced = await db.prisma.failureGroup.findMany({ where: { projectId, exampleMessage: "replaced attempt" } });
    expect(replaced).toEqual([]);
    expect((await stored("groups")).get("big.Suite::retried")).toMatchObject({ status: "passed", flaky: true, attempts: 2 });
  });

  test("a test reported again is un-retired, and a file it now names is recorded", async () => {
    const names = Array.from({ length: 7000 }, (_, i) => `r${i}`);
    await ingest(db.prisma, { projectId, runKey: "before", files: [{ filename: "a.xml", source: [xml(names.map((n) => pass(n)))] }] }, options);
    await db.prisma.test.updateMany({ where: { projectId, key: { in: ["big.Suite::r10", "big.Suite::r6500"] } }, data: { retiredAt: new Date() } });
    await ingest(
      db.prisma,
      { projectId, runKey: "after", files: [{ filename: "b.xml", source: [xml(names.map((n, i) => pass(n, i === 6600 ? ` file="big/suite_test.py"` : "")))] }] },
      options,
    );
    const tests = await db.prisma.test.findMany({ where: { projectId, key: { in: ["big.Suite::r10", "big.Suite::r6500", "big.Suite::r6600"] } }, orderBy: { key: "asc" } });
    expect(tests.map((t) => [t.key, t.retiredAt, t.file])).toEqual([
      ["big.Suite::r10", null, null],
      ["big.Suite::r6500", null, null],
      ["big.Suite::r6600", null, "big/suite_test.py"],
    ]);
  });

  test("a project's first upload inserts its tests without probing; a second file of the same request finds the first one's", async () => {
    // A project with no test yet: the first file's tests are all new (no probe of the key index);
    // the second file, in the same request, shares 3,000 of them and adds 3,000 more.
    const fresh = (await db.prisma.project.create({ data: { slug: "big-fresh", name: "Fresh" } })).id;
    const first = Array.from({ length: 6000 }, (_, i) => pass(`f${i}`));
    const second = Array.from({ length: 6000 }, (_, i) => (i % 1000 === 0 ? fail(`f${i + 3000}`, "second file") : pass(`f${i + 3000}`)));
    const result = await ingest(
      db.prisma,
      { projectId: fresh, runKey: "first", files: [{ filename: "a.xml", source: [xml(first)] }, { filename: "b.xml", source: [xml(second)] }] },
      options,
    );
    expect(result.uploads.map((u) => u.tests)).toEqual([6000, 6000]);
    const [tests] = await db.sql.query<{ n: number; keys: number }>(`SELECT count(*)::int AS n, count(DISTINCT key)::int AS keys FROM tests WHERE "projectId" = $1`, [fresh]);
    expect(tests).toEqual({ n: 9000, keys: 9000 });
    const run = await db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId: fresh, runKey: "first" } } });
    expect([run.tests, run.passed, run.failed]).toEqual([9000, 8994, 6]);
    const [orphans] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM results r WHERE r."runId" = $1 AND NOT EXISTS (SELECT 1 FROM tests t WHERE t.id = r."testId" AND t."projectId" = $2)`,
      [run.id, fresh],
    );
    expect(orphans?.n).toBe(0);
  });
  test("a batch whose failures all have groups already makes none; one with a new failure does, in any batch", async () => {
    // 16,000 tests (four batches): the same two failures all the way through, a third first seen
    // in the last batch, and one whose group the project had before this upload.
    const project = (await db.prisma.project.create({ data: { slug: "big-groups", name: "Groups" } })).id;
    await ingest(db.prisma, { projectId: project, runKey: "earlier", files: [{ filename: "a.xml", source: [xml([fail("old", "known before")])] }] }, options);
    const cases = Array.from({ length: 16_000 }, (_, i) =>
      i % 100 === 1 ? fail(`h${i}`, Math.floor(i / 100) % 2 === 0 ? "same alpha" : "same beta") : i === 15_500 ? fail(`h${i}`, "first seen late") : i === 9_000 ? fail(`h${i}`, "known before") : pass(`h${i}`),
    );
    await ingest(db.prisma, { projectId: project, runKey: "later", files: [{ filename: "b.xml", source: [xml(cases)] }] }, options);
    const run = await db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId: project, runKey: "later" } } });
    const [ungrouped] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM results WHERE "runId" = $1 AND status <> 'passed' AND "failureGroupId" IS NULL`,
      [run.id],
    );
    expect(ungrouped?.n).toBe(0);
    const groups = await db.prisma.failureGroup.findMany({ where: { projectId: project }, select: { exampleMessage: true, occurrences: true } });
    expect(groups.map((g) => [g.exampleMessage, g.occurrences]).sort()).toEqual([
      ["first seen late", 1],
      ["known before", 2],
      ["same alpha", 80],
      ["same beta", 80],
    ]);
  });
});
