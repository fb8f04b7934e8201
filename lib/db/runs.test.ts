import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { getRunDetail, getRunDiff, ingestsByRun, listRunResults, listRuns, RESULTS_PAGE_SIZE } from "./runs";

const options = { classifier: defaultClassifier };
const day = (d: number) => new Date(Date.UTC(2026, 2, d, 12));

function xml(cases: string): Buffer {
  return Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="tests">${cases}</testsuite></testsuites>`);
}
const pass = (name: string, time = 0.1) => `<testcase classname="tests.test_api" name="${name}" time="${time}"/>`;
const fail = (name: string, message = "assert 1 == 2") =>
  `<testcase classname="tests.test_api" name="${name}" time="0.2"><failure message="${message}" type="AssertionError">trace</failure></testcase>`;
const error = (name: string) =>
  `<testcase classname="tests.test_api" name="${name}" time="0.3"><error message="redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused." type="redis.exceptions.ConnectionError">trace</error></testcase>`;
const skip = (name: string) => `<testcase classname="tests.test_api" name="${name}"><skipped message="later"/></testcase>`;

describe("runs queries", () => {
  let db: Database;
  let projectId: string;
  const runIds: Record<string, string> = {};

  async function store(runKey: string, d: number, cases: string, branch = "main") {
    const result = await ingest(
      db.prisma,
      { projectId, runKey, metadata: { branch, startedAt: day(d), commitSha: "abcdef1234567890" }, files: [{ filename: "r.xml", source: [xml(cases)] }], completed: true },
      { ...options, now: day(d) },
    );
    runIds[runKey] = result.runId;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "p", name: "P", missingTestWindow: 3 } })).id;
    // r1: baseline. r2 on another branch must never be the "previous run" of a main run.
    await store("r1", 1, pass("a") + fail("b") + error("c") + pass("d") + pass("e") + skip("f"));
    await store("feature-1", 2, fail("a") + fail("b") + fail("c") + fail("d") + fail("e"), "feature");
    // r3: a newly failing, b fixed, c still failing, d vanished (→ missing), e unchanged, f skipped → failing, g new and failing.
    await store("r3", 3, fail("a") + pass("b") + error("c") + pass("e") + fail("f") + fail("g"));
  });
  afterAll(() => db.close());

  test("the diff compares with the previous run on the same branch", async () => {
    const diff = await getRunDiff(db.prisma, runIds.r3!);
    expect(diff?.previousRun?.runKey).toBe("r1");
    const keys = (kind: keyof NonNullable<typeof diff>["entries"]) => diff!.entries[kind].map((e) => e.testKey.split("::")[1]);
    expect(keys("newly-failing")).toEqual(["a", "f", "g"]);
    expect(keys("fixed")).toEqual(["b"]);
    expect(keys("still-failing")).toEqual(["c"]);
    expect(keys("newly-missing")).toEqual(["d"]);
    expect(diff?.counts).toEqual({ "newly-failing": 3, fixed: 1, "still-failing": 1, "newly-missing": 1 });
    const a = diff!.entries["newly-failing"][0]!;
    expect([a.status, a.previousStatus, a.category]).toEqual(["failed", "passed", "assertion"]);
    expect(a.failureGroupId).toEqual(expect.any(String));
    expect(diff!.entries["newly-failing"][2]?.previousStatus).toBeNull();
    expect(diff!.entries["newly-missing"][0]?.previousStatus).toBe("passed");
  });

  test("a missing test that stays missing is still failing, and one that returns passing is fixed", async () => {
    await store("r4", 4, fail("a") + pass("b") + error("c") + pass("e") + fail("f") + fail("g"));
    const r4 = await getRunDiff(db.prisma, runIds.r4!);
    expect(r4?.previousRun?.runKey).toBe("r3");
    expect(r4?.entries["still-failing"].map((e) => [e.testKey.split("::")[1], e.status])).toEqual([
      ["a", "failed"],
      ["c", "error"],
      ["d", "missing"],
      ["f", "failed"],
      ["g", "failed"],
    ]);
    expect(r4?.counts["newly-missing"]).toBe(0);
    await store("r5", 5, pass("a") + pass("b") + pass("c") + pass("d") + pass("e") + pass("f") + pass("g"));
    const r5 = await getRunDiff(db.prisma, runIds.r5!);
    expect(r5?.entries.fixed.map((e) => e.testKey.split("::")[1])).toEqual(["a", "c", "d", "f", "g"]);
  });

  test("the first run of a branch has no previous run and an empty diff", async () => {
    const diff = await getRunDiff(db.prisma, runIds.r1!);
    expect(diff?.previousRun).toBeNull();
    expect(Object.values(diff!.counts)).toEqual([0, 0, 0, 0]);
    expect(await getRunDiff(db.prisma, "no-such-run")).toBeNull();
  });

  test("the diff lists are capped while the counts stay exact", async () => {
    const diff = await getRunDiff(db.prisma, runIds.r3!, { limit: 2 });
    expect(diff?.entries["newly-failing"]).toHaveLength(2);
    expect(diff?.counts["newly-failing"]).toBe(3);
  });

  test("runs are listed newest first, filtered by branch", async () => {
    const all = await listRuns(db.prisma, "p");
    expect(all?.runs.map((r) => r.runKey)).toEqual(["r5", "r4", "r3", "feature-1", "r1"]);
    expect(all?.branches).toEqual(["feature", "main"]);
    const feature = await listRuns(db.prisma, "p", { branch: "feature" });
    expect(feature?.runs.map((r) => r.runKey)).toEqual(["feature-1"]);
    expect(feature?.total).toBe(1);
    expect(await listRuns(db.prisma, "nope")).toBeNull();
  });

  test("run detail has breakdowns by category from rollups", async () => {
    const detail = await getRunDetail(db.prisma, "p", runIds.r3!);
    expect(detail?.run.runKey).toBe("r3");
    expect(detail?.byCategory.map((c) => c.category)).toEqual(["infrastructure", "commented-out", "assertion"]);
    expect(detail?.byCategory.find((c) => c.category === "commented-out")?.missing).toBe(1);
    expect(await getRunDetail(db.prisma, "other-project", runIds.r3!)).toBeNull();
  });

  test("a run still ingesting (a queued or running ingest job) carries its progress; finished jobs do not", async () => {
    const job = (status: "queued" | "running" | "done", progress: number, total: number, runKey = "r5") =>
      db.prisma.job.create({ data: { projectId, kind: "ingest", status, progress, total, payload: { runId: runIds[runKey]!, runKey, files: ["a.xml", "b.xml"] } } });
    const jobs = [await job("running", 1500, 4000), await job("queued", 0, 1000), await job("done", 900, 900, "r4")];
    try {
      const list = await listRuns(db.prisma, "p");
      expect(list?.runs.find((r) => r.runKey === "r5")?.ingest).toEqual({ status: "running", bytesRead: 1500, bytesTotal: 5000, files: 4, jobIds: [jobs[0]!.id, jobs[1]!.id] });
      expect(list?.runs.find((r) => r.runKey === "r4")?.ingest).toBeNull();
      const detail = await getRunDetail(db.prisma, "p", runIds.r5!);
      expect(detail?.run.ingest).toMatchObject({ status: "running", bytesRead: 1500, bytesTotal: 5000 });
    } finally {
      await db.prisma.job.deleteMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    }
    expect((await getRunDetail(db.prisma, "p", runIds.r5!))?.run.ingest).toBeNull();
  });

  test.each([
    ["a job without a run id", [{ id: "j", status: "running", progress: 1, total: 2, payload: {} }], {}],
    ["a failed job", [{ id: "j", status: "failed", progress: 1, total: 2, payload: { runId: "r" } }], {}],
    ["progress past the total is capped", [{ id: "j", status: "running", progress: 9, total: 2, payload: { runId: "r", files: ["x"] } }], { r: { status: "running", bytesRead: 2, bytesTotal: 2, files: 1, jobIds: ["j"] } }],
    ["only queued", [{ id: "j", status: "queued", progress: 0, total: 5, payload: { runId: "r" } }], { r: { status: "queued", bytesRead: 0, bytesTotal: 5, files: 0, jobIds: ["j"] } }],
  ])("ingestsByRun: %s", (_name, jobs, expected) => {
    expect(Object.fromEntries(ingestsByRun(jobs))).toEqual(expected);
  });

  describe("results of a run", () => {
    let bigRun: string;
    beforeAll(async () => {
      // 120 results: 30 failing (names f000…), 90 passing with growing durations.
      const cases = Array.from({ length: 120 }, (_, i) =>
        i % 4 === 0 ? fail(`f${String(i).padStart(3, "0")}`) : pass(`p${String(i).padStart(3, "0")}`, i / 10),
      ).join("");
      await store("big", 10, cases, "big");
      bigRun = runIds.big!;
    });

    test("pages of 50, failures first by default", async () => {
      const first = await listRunResults(db.prisma, "p", bigRun);
      expect(first?.total).toBe(120);
      expect(first?.results).toHaveLength(RESULTS_PAGE_SIZE);
      expect(first?.results.slice(0, 30).every((r) => r.status === "failed")).toBe(true);
      expect(first?.results[30]?.status).toBe("passed");
      const third = await listRunResults(db.prisma, "p", bigRun, { page: 3 });
      expect(third?.results).toHaveLength(20);
      const beyond = await listRunResults(db.prisma, "p", bigRun, { page: 9 });
      expect([beyond?.results.length, beyond?.total]).toEqual([0, 120]);
    });

    test.each([
      [{ status: "failed" as const }, 30],
      [{ status: "passed" as const }, 90],
      [{ category: "assertion" as const }, 30],
      [{ q: "P00" }, 7], // case-insensitive: p001 … p009 without p000/p004/p008 (failing, named f…)
      [{ q: "%" }, 0], // LIKE wildcards are literal
      [{ status: "passed" as const, q: "p01" }, 8], // p010 … p019 without p012, p016
    ])("filter %o matches %i results", async (filters, expected) => {
      const page = await listRunResults(db.prisma, "p", bigRun, filters);
      expect(page?.total).toBe(expected);
    });

    test("sort by duration puts the slowest first; by name alphabetically", async () => {
      const byDuration = await listRunResults(db.prisma, "p", bigRun, { sort: "duration" });
      const durations = byDuration!.results.map((r) => r.durationMs ?? -1);
      expect(durations).toEqual([...durations].sort((a, b) => b - a));
      expect(byDuration?.results[0]?.testKey).toBe("tests.test_api::p119");
      const byName = await listRunResults(db.prisma, "p", bigRun, { sort: "name" });
      expect(byName?.results[0]?.testKey).toBe("tests.test_api::f000");
    });

    test("a failing row carries its category, first message line and group", async () => {
      const page = await listRunResults(db.prisma, "p", bigRun, { status: "failed" });
      const row = page!.results[0]!;
      expect(row.category).toBe("assertion");
      expect(row.message).toBe("assert 1 == 2");
      expect(row.failureGroupId).toEqual(expect.any(String));
    });

    test("a run of another project is not found", async () => {
      expect(await listRunResults(db.prisma, "nope", bigRun)).toBeNull();
    });

    test("a page asked for while a long write transaction is open waits for it rather than failing", async () => {
      // The embedded database starts a transaction only once the open one has ended (an upload
      // being stored can take many seconds); PostgreSQL reads beside it.
      let release = () => {};
      const held = db.prisma.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`SELECT 1`);
          await new Promise<void>((resolve) => (release = resolve));
        },
        { timeout: 30_000 },
      );
      const page = listRunResults(db.prisma, "p", bigRun);
      const waited = setTimeout(() => release(), 2_500); // past Prisma's default maxWait of 2 s
      try {
        expect((await page)?.total).toBe(120);
      } finally {
        clearTimeout(waited);
        release();
        await held;
      }
    });

    test("every page of every sort and filter is the slice of the whole ordered list", async () => {
      // Each status, durations with ties and without a value, missing tests (in the run before,
      // not in this one), and another project holding the same keys: the pages are read in parts
      // (not-passed then passed, or from a duration bound), and must join up exactly.
      const other = await db.prisma.project.create({ data: { slug: "mix-other", name: "Other" } });
      const name = (i: number) => `k${String(i).padStart(3, "0")}`;
      const caseOf = (i: number) => {
        const kind = i % 10;
        if (kind === 0) return error(name(i));
        if (kind === 1 || kind === 2) return fail(name(i), kind === 1 ? "assert 1 == 2" : "redis.exceptions.ConnectionError: refused");
        if (kind === 3) return skip(name(i));
        if (kind === 4) return `<testcase classname="tests.test_api" name="${name(i)}"/>`;
        return pass(name(i), (i % 7) / 10);
      };
      const cases = Array.from({ length: 160 }, (_, i) => caseOf(i)).join("");
      const vanished = Array.from({ length: 12 }, (_, i) => pass(`m${String(i).padStart(3, "0")}`)).join("");
      await store("mix-1", 20, cases + vanished, "mix");
      await store("mix-2", 21, cases, "mix");
      await ingest(db.prisma, { projectId: other.id, runKey: "o", files: [{ filename: "o.xml", source: [xml(cases)] }], completed: true }, options);
      const runId = runIds["mix-2"]!;
      const all = await db.prisma.$queryRawUnsafe<{ id: number; key: string; status: string; durationMs: number | null; category: string | null }[]>(
        `SELECT r.id, t.key, r.status::text AS status, r."durationMs", r.category::text AS category FROM results r JOIN tests t ON t.id = r."testId" WHERE r."runId" = $1`,
        runId,
      );
      expect(new Set(all.map((r) => r.status))).toEqual(new Set(["error", "failed", "missing", "skipped", "passed"]));
      const severity: Record<string, number> = { error: 0, failed: 1, missing: 2, skipped: 3, passed: 4 };
      const byKey = (a: (typeof all)[0], b: (typeof all)[0]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id);
      const orders = {
        status: (a: (typeof all)[0], b: (typeof all)[0]) => severity[a.status]! - severity[b.status]! || byKey(a, b),
        duration: (a: (typeof all)[0], b: (typeof all)[0]) => (b.durationMs ?? -Infinity) - (a.durationMs ?? -Infinity) || byKey(a, b),
        name: byKey,
      };
      const filterSets = [{}, { status: "passed" as const }, { status: "failed" as const }, { status: "missing" as const }, { category: "assertion" as const }, { q: "K1" }, { q: "k1", status: "passed" as const }];
      for (const sort of ["status", "duration", "name"] as const) {
        for (const filters of filterSets) {
          const matching = all
            .filter((r) => !("status" in filters) || r.status === filters.status)
            .filter((r) => !("category" in filters) || r.category === "assertion")
            .filter((r) => !("q" in filters) || r.key.toLowerCase().includes(filters.q!.toLowerCase()))
            .sort(orders[sort]);
          for (let page = 1; page <= Math.ceil(matching.length / RESULTS_PAGE_SIZE) + 1; page++) {
            const got = await listRunResults(db.prisma, "p", runId, { ...filters, sort, page });
            const expected = matching.slice((page - 1) * RESULTS_PAGE_SIZE, page * RESULTS_PAGE_SIZE).map((r) => r.id);
            expect({ sort, filters, page, total: got?.total, ids: got?.results.map((r) => r.id) }).toEqual({ sort, filters, page, total: matching.length, ids: expected });
          }
        }
      }
    });
  });
});
