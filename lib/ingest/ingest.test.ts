import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { lockProjectWrites } from "@/lib/db/project-lock";
import { createTestDatabase } from "@/lib/db/testing";
import { corpusDir } from "@/lib/junit/testing/corpus";
import { defaultClassifier } from "./default-classifier";
import { completeRun, ingest, IngestError } from "./index";

const options = { classifier: defaultClassifier };

function xml(cases: string): Uint8Array {
  return Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="tests">${cases}</testsuite></testsuites>`);
}
const pass = (name: string, cls = "tests.test_api") => `<testcase classname="${cls}" name="${name}" time="0.1"/>`;
const fail = (name: string, message: string, cls = "tests.test_api") =>
  `<testcase classname="${cls}" name="${name}"><failure message="${message}" type="AssertionError">trace</failure></testcase>`;

describe("ingest", () => {
  let db: Database;
  let projectId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "p", name: "P", missingTestWindow: 3, resolveAfterRuns: 2 } })).id;
  });
  afterAll(() => db.close());

  const run = (runKey: string) => db.prisma.run.findUniqueOrThrow({ where: { projectId_runKey: { projectId, runKey } } });

  test("a corpus report is stored with the totals its cases give", async () => {
    const file = "python__test__files__junit-xml__pytest__junit.fail.xml";
    const result = await ingest(
      db.prisma,
      { projectId, runKey: "corpus-1", metadata: { branch: "corpus" }, files: [{ filename: file, source: [readFileSync(path.join(corpusDir, file))] }] },
      options,
    );
    expect(result.uploads).toHaveLength(1);
    expect(result.uploads[0]?.duplicate).toBe(false);
    const stored = await run("corpus-1");
    const expected = JSON.parse(
      readFileSync(path.join(corpusDir, file.replace(/\.xml$/, ".expected.json")), "utf8"),
    ) as { case_counts: { total: number; success: number; failure: number; error: number; skipped: number } };
    expect({ tests: stored.tests, passed: stored.passed, failed: stored.failed, errors: stored.errors, skipped: stored.skipped }).toEqual({
      tests: expected.case_counts.total,
      passed: expected.case_counts.success,
      failed: expected.case_counts.failure,
      errors: expected.case_counts.error,
      skipped: expected.case_counts.skipped,
    });
    expect(stored.status).toBe("open");
  });

  test("the same file uploaded twice is acknowledged and not counted twice", async () => {
    const bytes = xml(pass("a") + fail("b", "boom"));
    await ingest(db.prisma, { projectId, runKey: "dup", files: [{ filename: "r.xml", source: [bytes] }] }, options);
    const again = await ingest(db.prisma, { projectId, runKey: "dup", files: [{ filename: "copy.xml", source: [bytes] }] }, options);
    expect(again.uploads[0]?.duplicate).toBe(true);
    const stored = await run("dup");
    expect([stored.tests, stored.passed, stored.failed]).toEqual([2, 1, 1]);
    expect(stored.passRate).toBe(0.5);
  });

  test("a file whose sha256 the caller took on arrival and the run already has is acknowledged without being read", async () => {
    const bytes = xml(pass("a") + fail("b", "boom"));
    const first = await ingest(db.prisma, { projectId, runKey: "dup-hashed", files: [{ filename: "r.xml", source: [bytes] }] }, options);
    const sha256 = first.uploads[0]!.sha256;
    expect(sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    const unread = (async function* () {
      throw new Error("a known file must not be read");
      yield new Uint8Array(0); // unreachable: makes this a generator of chunks
    })();
    const again = await ingest(db.prisma, { projectId, runKey: "dup-hashed", files: [{ filename: "copy.xml", source: unread, sha256 }] }, options);
    expect(again.uploads).toEqual([{ filename: "copy.xml", sha256, duplicate: true, tests: 2, notes: [] }]);
    expect(await db.prisma.upload.count({ where: { run: { projectId, runKey: "dup-hashed" } } })).toBe(1);
    // A hash the run does not have: the file is read and stored under that hash.
    const other = xml(pass("c"));
    const otherSha = createHash("sha256").update(other).digest("hex");
    const stored = await ingest(db.prisma, { projectId, runKey: "dup-hashed", files: [{ filename: "c.xml", source: [other], sha256: otherSha }] }, options);
    expect(stored.uploads[0]).toMatchObject({ sha256: otherSha, duplicate: false, tests: 1 });
    expect((await run("dup-hashed")).tests).toBe(3);
  });

  test("a malformed report's source is closed when ingestion stops, not left open until it is collected", async () => {
    let closed = false;
    const source = (async function* () {
      try {
        yield Buffer.from("<testsuites><testsuite name='x'><testcase name='a'></testsuite>");
        yield Buffer.from(" ".repeat(1000));
        yield Buffer.from("</testsuites>");
      } finally {
        closed = true;
      }
    })();
    await expect(ingest(db.prisma, { projectId, runKey: "closed-source", files: [{ filename: "bad.xml", source }] }, options)).rejects.toBeInstanceOf(IngestError);
    expect(closed).toBe(true);
  });

  test.each([
    ["malformed XML", Buffer.from("<testsuites><testsuite><testcase name='x'>")],
    ["an empty file", Buffer.alloc(0)],
    ["a non-JUnit root", Buffer.from("<html><body/></html>")],
  ])("a request with %s among good files is rejected whole and stores nothing", async (_label, bad) => {
    const before = await db.prisma.result.count();
    const runsBefore = await db.prisma.run.count();
    await expect(
      ingest(
        db.prisma,
        { projectId, runKey: "bad-request", files: [{ filename: "good.xml", source: [xml(pass("ok"))] }, { filename: "bad.xml", source: [bad] }] },
        options,
      ),
    ).rejects.toBeInstanceOf(IngestError);
    expect(await db.prisma.result.count()).toBe(before);
    expect(await db.prisma.run.count()).toBe(runsBefore);
  });

  test("concurrent shards of one run keep exact totals", async () => {
    const shards = Array.from({ length: 4 }, (_, s) =>
      xml(Array.from({ length: 50 }, (_, i) => (i % 10 === 0 ? fail(`t${s}_${i}`, "nope") : pass(`t${s}_${i}`))).join("")),
    );
    await Promise.all(
      shards.map((bytes, s) =>
        ingest(db.prisma, { projectId, runKey: "sharded", metadata: { expectedShards: 4 }, files: [{ filename: `shard-${s}.xml`, source: [bytes] }] }, options),
      ),
    );
    const stored = await run("sharded");
    expect([stored.tests, stored.passed, stored.failed]).toEqual([200, 180, 20]);
    expect(stored.status).toBe("complete"); // the fourth announced shard completed it
  });

  test("8 concurrent shard uploads, each also sent twice, give exact totals", async () => {
    const shards = Array.from({ length: 8 }, (_, s) =>
      xml(Array.from({ length: 2000 }, (_, i) => (i % 10 === 0 ? fail(`e${s}_${i}`, "nope") : pass(`e${s}_${i}`))).join("")),
    );
    const uploads = [...shards.entries(), ...shards.entries()].map(([s, bytes]) =>
      ingest(db.prisma, { projectId, runKey: "eight", files: [{ filename: `shard-${s}.xml`, source: [bytes] }] }, options),
    );
    const results = await Promise.all(uploads);
    expect(results.flatMap((r) => r.uploads).filter((u) => u.duplicate)).toHaveLength(8);
    const stored = await run("eight");
    expect([stored.tests, stored.passed, stored.failed]).toEqual([16_000, 14_400, 1_600]);
    expect(await db.prisma.upload.count({ where: { runId: stored.id } })).toBe(8);
  });

  const counts = async () => ({
    runs: await db.prisma.run.count(),
    uploads: await db.prisma.upload.count(),
    tests: await db.prisma.test.count(),
    results: await db.prisma.result.count(),
    groups: await db.prisma.failureGroup.count(),
  });

  test("a report whose bytes stop midway (thousands of cases already staged) leaves no trace", async () => {
    const before = await counts();
    async function* cutOff(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="cut">`);
      for (let chunk = 0; chunk < 20; chunk++) {
        yield Buffer.from(Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? fail(`cut${chunk}_${i}`, "midway") : pass(`cut${chunk}_${i}`))).join(""));
      }
      throw new Error("connection reset by peer");
    }
    await expect(
      ingest(db.prisma, { projectId, runKey: "cut-off", files: [{ filename: "ok.xml", source: [xml(pass("fine"))] }, { filename: "cut.xml", source: cutOff() }] }, options),
    ).rejects.toThrow("connection reset by peer");
    expect(await counts()).toEqual(before);
  });

  test("a database error while storing the 4,000th test leaves no trace", async () => {
    await db.sql.exec(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'poison' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_poison BEFORE INSERT ON tests FOR EACH ROW EXECUTE FUNCTION refuse_poison();`);
    try {
      const before = await counts();
      const cases = Array.from({ length: 6000 }, (_, i) => (i === 3999 ? pass("poison") : i % 9 === 0 ? fail(`db${i}`, "db") : pass(`db${i}`))).join("");
      await expect(ingest(db.prisma, { projectId, runKey: "db-error", files: [{ filename: "r.xml", source: [xml(cases)] }] }, options)).rejects.toThrow();
      expect(await counts()).toEqual(before);
    } finally {
      await db.sql.exec(`DROP TRIGGER refuse_poison ON tests; DROP FUNCTION refuse_poison();`);
    }
  });

  test("completing a run marks tests that vanished as missing, and they count against the pass rate", async () => {
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    const full = xml(pass("a", "tests.test_cors") + pass("b", "tests.test_cors") + pass("c", "tests.test_health"));
    for (const [i, bytes] of [full, full].entries()) {
      await ingest(db.prisma, { projectId, runKey: `m${i}`, metadata: { branch: "main", startedAt: day(i + 1) }, files: [{ filename: "r.xml", source: [bytes] }], completed: true }, { ...options, now: day(i + 1) });
    }
    const withoutCors = xml(pass("c", "tests.test_health"));
    await ingest(db.prisma, { projectId, runKey: "m2", metadata: { branch: "main", startedAt: day(3) }, files: [{ filename: "r.xml", source: [withoutCors] }], completed: true }, { ...options, now: day(3) });
    const stored = await run("m2");
    expect([stored.passed, stored.missing, stored.tests]).toEqual([1, 2, 3]);
    expect(stored.passRate).toBeCloseTo(1 / 3);
    const missing = await db.prisma.result.findMany({ where: { runId: stored.id, status: "missing" }, include: { test: true } });
    expect(missing.map((r) => r.test.key).sort()).toEqual(["tests.test_cors::a", "tests.test_cors::b"]);
    // Until retired, a vanished test stays missing in the next run too.
    await ingest(db.prisma, { projectId, runKey: "m3", metadata: { branch: "main", startedAt: day(4) }, files: [{ filename: "r.xml", source: [withoutCors] }], completed: true }, { ...options, now: day(4) });
    expect((await run("m3")).missing).toBe(2);
  });

  test("a group absent from the last runs is resolved; when it returns it is new again and flagged regressed", async () => {
    const day = (d: number) => new Date(Date.UTC(2026, 1, d));
    const failing = xml(fail("x", "Redis connection refused", "tests.test_persist"));
    const passing = xml(pass("x", "tests.test_persist"));
    const sequence = [failing, passing, passing, failing];
    for (const [i, bytes] of sequence.entries()) {
      await ingest(db.prisma, { projectId, runKey: `g${i}`, metadata: { branch: "release", startedAt: day(i + 1) }, files: [{ filename: "r.xml", source: [bytes] }], completed: true }, { ...options, now: day(i + 1) });
      const group = await db.prisma.failureGroup.findFirstOrThrow({ where: { projectId, title: "Redis connection refused" } });
      if (i === 2) expect([group.status, group.regressed]).toEqual(["resolved", false]);
      if (i === 3) expect([group.status, group.regressed]).toEqual(["new", true]);
    }
    const events = await db.prisma.triageEvent.findMany({ where: { projectId, toValue: "resolved" } });
    expect(events).toHaveLength(1);
    expect(events[0]?.actor).toBe("system");
  });

  test("completing a run waits for the project's write lock, as uploads do", async () => {
    await ingest(db.prisma, { projectId, runKey: "lock-wait", files: [{ filename: "a.xml", source: [xml(pass("a"))] }] }, options);
    const runId = (await run("lock-wait")).id;
    let releasedAt = 0;
    let completedAt = 0;
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.prisma.$transaction(async (tx) => {
      await lockProjectWrites(tx, projectId);
      locked();
      await new Promise((resolve) => setTimeout(resolve, 400));
      releasedAt = performance.now();
    });
    await holding;
    const completing = completeRun(db.prisma, runId, options).then(() => (completedAt = performance.now()));
    await Promise.all([holder, completing]);
    expect(completedAt).toBeGreaterThanOrEqual(releasedAt);
    expect((await run("lock-wait")).status).toBe("complete");
  });

  test("a report for a completed run reopens it", async () => {
    await ingest(db.prisma, { projectId, runKey: "reopen", metadata: { branch: "reopen" }, files: [{ filename: "a.xml", source: [xml(pass("a"))] }], completed: true }, options);
    expect((await run("reopen")).status).toBe("complete");
    await ingest(db.prisma, { projectId, runKey: "reopen", files: [{ filename: "b.xml", source: [xml(pass("b"))] }] }, options);
    const reopened = await run("reopen");
    expect([reopened.status, reopened.tests]).toEqual(["open", 2]);
    await completeRun(db.prisma, reopened.id, options);
    const completed = await run("reopen");
    expect(completed.status).toBe("complete");
    // Re-sending a file the run already has (a CI retry) does not reopen it.
    await ingest(db.prisma, { projectId, runKey: "reopen", files: [{ filename: "b-again.xml", source: [xml(pass("b"))] }] }, options);
    const after = await run("reopen");
    expect([after.status, after.completedAt?.toISOString(), after.tests]).toEqual(["complete", completed.completedAt?.toISOString(), 2]);
  });

  test("rollups hold the whole run and each category", async () => {
    const stored = await run("dup");
    const rollups = await db.prisma.runRollup.findMany({ where: { runId: stored.id } });
    const whole = rollups.find((r) => r.teamId === null && r.category === null);
    expect([whole?.tests, whole?.passed, whole?.failed]).toEqual([2, 1, 1]);
    // "boom" with type AssertionError is a genuine assertion failure for the default rulebook.
    const assertion = rollups.find((r) => r.category === "assertion");
    expect(assertion?.failed).toBe(1);
  });

  test("a long failure trace is stored compressed with lz4 where the server has it (pglz otherwise), and reads back whole", async () => {
    const trace = Array.from({ length: 120 }, (_, i) => `\tat com.acme.Service.call${i}(Service.java:${i})`).join("\n");
    await ingest(
      db.prisma,
      { projectId, runKey: "long-trace", files: [{ filename: "t.xml", source: [xml(`<testcase classname="tests.test_api" name="long"><failure message="boom" type="AssertionError">${trace}</failure></testcase>`)] }] },
      options,
    );
    const [row] = await db.sql.query<{ method: string | null; trace: string; lz4: boolean }>(
      `SELECT pg_column_compression(r.trace) AS method, r.trace,
         EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)) AS lz4
       FROM results r JOIN runs ru ON ru.id = r."runId" WHERE ru."projectId" = $1 AND ru."runKey" = 'long-trace'`,
      [projectId],
    );
    expect(row?.trace).toBe(trace);
    expect(row?.method).toBe(row?.lz4 ? "lz4" : "pglz");
  });
});
