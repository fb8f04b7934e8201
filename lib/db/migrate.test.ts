import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabaseTarget } from "./testing";
import { openDatabase, type Database } from "./connection";
import { loadMigrations, migrateDatabase, migrateTarget, MigrationError } from "./migrate";
import type { DatabaseTarget } from "./url";

// Runs against the embedded database by default and against PostgreSQL when TEST_DATABASE_URL
// is set (.ci/run does both), so the same assertions prove the migrations apply to each.
describe("migrations", () => {
  let target: DatabaseTarget;
  let drop: () => Promise<void>;
  let db: Database;

  beforeAll(async () => {
    ({ target, drop } = await createTestDatabaseTarget());
    db = await openDatabase(target);
  });
  afterAll(async () => {
    await db.close();
    await drop();
  });

  test("every checked-in migration is recorded in Prisma's table with its checksum", async () => {
    const migrations = await loadMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const rows = await db.sql.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum })));
  });

  test("the schema's tables exist and Prisma can use them", async () => {
    const project = await db.prisma.project.create({ data: { slug: "golden-path", name: "Golden Path" } });
    expect(project.passRateTarget).toBe(1);
    expect(project.defaultBranch).toBe("main");
    const run = await db.prisma.run.create({ data: { projectId: project.id, runKey: "build-1", branch: "main" } });
    expect(run.status).toBe("open");
    await expect(
      db.prisma.run.create({ data: { projectId: project.id, runKey: "build-1" } }),
    ).rejects.toThrow(/unique constraint/i);
  });

  test("applying again is a no-op", async () => {
    const result = await migrateDatabase(db.sql);
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBe((await loadMigrations()).length);
  });

  test("a migration edited after it was applied is refused", async () => {
    const [first, ...rest] = await loadMigrations();
    if (!first) throw new Error("no migrations");
    const edited = { ...first, sql: `${first.sql}\n-- edited`, checksum: "0".repeat(64) };
    await expect(migrateDatabase(db.sql, [edited, ...rest])).rejects.toThrow(MigrationError);
  });

  test("a failing migration is rolled back whole and not recorded", async () => {
    const migrations = await loadMigrations();
    const broken = {
      name: "99999999999999_broken",
      sql: `CREATE TABLE half_done (id int); SELECT no_such_function();`,
      checksum: "f".repeat(64),
    };
    await expect(migrateDatabase(db.sql, [...migrations, broken])).rejects.toThrow(/99999999999999_broken failed/);
    const tables = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'half_done'`,
    );
    expect(tables[0]?.n).toBe(0);
    const recorded = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = $1`,
      [broken.name],
    );
    expect(recorded[0]?.n).toBe(0);
  });
});

// Always on PGlite, whichever database the rest of the run uses: these are properties of the embedded mode.
async function createPgliteTarget(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "greenboard-pglite-"));
  const target: DatabaseTarget = { kind: "pglite", dataDir: path.join(root, "data") };
  await migrateTarget(target);
  return { target, drop: () => rm(root, { recursive: true, force: true }) };
}

describe("embedded database (PGlite)", () => {
  test("data survives closing and reopening the data directory, as across an app restart", async () => {
    const { target, drop } = await createPgliteTarget();
    try {
      const first = await openDatabase(target);
      await first.prisma.project.create({ data: { slug: "persisted", name: "Persisted" } });
      await first.close();

      await migrateTarget(target); // what `npm start` does before serving again
      const second = await openDatabase(target);
      const found = await second.prisma.project.findUnique({ where: { slug: "persisted" } });
      await second.close();
      expect(found?.name).toBe("Persisted");
    } finally {
      await drop();
    }
  });

  test("a second opener of the same data directory is refused with a clear message", async () => {
    const { target, drop } = await createPgliteTarget();
    const holder = await openDatabase(target, { holder: "greenboard server (test)" });
    try {
      await expect(openDatabase(target)).rejects.toThrow(/in use by process \d+ \(greenboard server \(test\)/);
    } finally {
      await holder.close();
      await drop();
    }
  });
});
