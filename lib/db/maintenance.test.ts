import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ingest } from "@/lib/ingest";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import type { Database } from "./connection";
import { afterBulkWrite, analyzeGrownTables, runAfterBulkWrites } from "./maintenance";
import { createTestDatabase } from "./testing";

describe("statistics after bulk writes", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const analyzedRows = async (table: string) =>
    (await db.sql.query<{ rows: number }>(`SELECT reltuples::int AS rows FROM pg_class WHERE relname = $1`, [table]))[0]?.rows;
  const fill = (from: number, to: number) =>
    db.sql.exec(`INSERT INTO stats_probe SELECT g, repeat('x', 100) FROM generate_series(${from}, ${to}) g`);

  test("a table is analyzed when it never was, then again once it grew by a tenth", async () => {
    // Out of autovacuum's reach on PostgreSQL, which could analyze it between the steps.
    await db.sql.exec(`CREATE TABLE stats_probe (id int, padding text) WITH (autovacuum_enabled = off)`);
    expect(await analyzeGrownTables(db.sql)).not.toContain("stats_probe"); // empty: nothing to learn
    await fill(1, 10_000);
    expect(await analyzeGrownTables(db.sql)).toContain("stats_probe");
    expect(await analyzedRows("stats_probe")).toBe(10_000);
    expect(await analyzeGrownTables(db.sql)).not.toContain("stats_probe");
    await fill(10_001, 10_100); // 1 %
    expect(await analyzeGrownTables(db.sql)).not.toContain("stats_probe");
    await fill(10_101, 12_000); // 20 % in all
    expect(await analyzeGrownTables(db.sql)).toContain("stats_probe");
    expect(await analyzedRows("stats_probe")).toBe(12_000);
  });

  test("a failure after a write is logged, not thrown", async () => {
    const client = {};
    runAfterBulkWrites(client, () => Promise.reject(new Error("database closed")));
    await expect(afterBulkWrite(client)).resolves.toBeUndefined();
    await expect(afterBulkWrite({})).resolves.toBeUndefined(); // nothing registered
  });

  test("an upload leaves statistics behind on the embedded database; PostgreSQL is left to autovacuum", async () => {
    const project = await db.prisma.project.create({ data: { slug: "stats", name: "Stats", defaultBranch: "main" } });
    const cases = Array.from({ length: 300 }, (_, i) => `<testcase classname="tests.test_stats" name="t${i}" time="0.1"/>`).join("");
    const report = Buffer.from(`<?xml version="1.0"?><testsuites><testsuite name="s">${cases}</testsuite></testsuites>`);
    await ingest(db.prisma, { projectId: project.id, runKey: "r1", files: [{ filename: "r.xml", source: [report] }], completed: true }, { classifier: defaultClassifier });
    if (db.target.kind === "pglite") expect(await analyzedRows("results")).toBe(300);
    else {
      // A manual ANALYZE sets last_analyze; autovacuum's sets last_autoanalyze.
      const [stats] = await db.sql.query<{ analyzed: boolean }>(`SELECT last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relname = 'results'`);
      expect(stats?.analyzed).toBe(false);
    }
  });
});
