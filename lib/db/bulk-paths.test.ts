import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Database } from "./connection";
import { runAfterBulkWrites } from "./maintenance";
import { openPgPipeline } from "./pg-copy";
import { openPgliteStatements } from "./pglite-direct";
import { createTestDatabase } from "./testing";

// Bulk ingestion sends its batches past Prisma: on PostgreSQL on the transaction's own pooled
// connection (pg-copy.ts), on PGlite on the adapter's transaction (pglite-direct.ts). Either way
// the path found must be the caller's transaction, give each statement's row count, and fail
// the transaction on an error.

describe("bulk statement paths", () => {
  let db: Database;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  const open = async (tx: Parameters<typeof openPgPipeline>[0]) => {
    const found = [await openPgPipeline(tx), await openPgliteStatements(tx)].filter((path) => path !== null);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  test("the database's own path is found inside a transaction, and only there", async () => {
    await db.prisma.$transaction(async (tx) => {
      const path = await open(tx);
      expect(path.overlapped).toBe(db.target.kind === "postgres");
    });
    // Outside a transaction nothing is lent out.
    expect(await openPgliteStatements(db.prisma)).toBeNull();
  });

  test("a second copy of the modules, as Next.js loads for instrumentation and routes, finds the path the first registered", async () => {
    // This file's copies opened the database (registered its connections or transactions); a
    // fresh copy, like a route's when instrumentation opened it, must find them too.
    vi.resetModules();
    const fresh = { ...(await import("./pg-copy")), ...(await import("./pglite-direct")), ...(await import("./maintenance")) };
    expect(fresh.openPgPipeline).not.toBe(openPgPipeline);
    await db.prisma.$transaction(async (tx) => {
      const found = [await fresh.openPgPipeline(tx), await fresh.openPgliteStatements(tx)].filter((path) => path !== null);
      expect(found).toHaveLength(1);
    });
    // The embedded database's statistics hook, registered when it was opened, is found as well.
    let ran = false;
    const client = {};
    runAfterBulkWrites(client, async () => {
      ran = true;
    });
    await fresh.afterBulkWrite(client);
    expect(ran).toBe(true);
  });

  test("with a second database open in the process, each transaction gets its own path", async () => {
    const other = await createTestDatabase();
    try {
      await other.prisma.$executeRawUnsafe(`CREATE TABLE bulk_where (a int)`);
      await db.prisma.$executeRawUnsafe(`CREATE TABLE bulk_where (a int)`);
      // Both transactions open at once, each with a transaction id counted from the same start.
      await Promise.all([
        other.prisma.$transaction(async (tx) => {
          await (await open(tx)).copyThen("bulk_where", "1\n", []);
        }),
        db.prisma.$transaction(async (tx) => {
          await (await open(tx)).copyThen("bulk_where", "2\n3\n", []);
        }),
      ]);
      expect(await other.prisma.$queryRawUnsafe(`SELECT array_agg(a ORDER BY a) AS a FROM bulk_where`)).toEqual([{ a: [1] }]);
      expect(await db.prisma.$queryRawUnsafe(`SELECT array_agg(a ORDER BY a) AS a FROM bulk_where`)).toEqual([{ a: [2, 3] }]);
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TABLE IF EXISTS bulk_where`);
      await other.close();
    }
  });

  test("COPY text then statements: rows arrive as sent, with each statement's count", async () => {
    const rows = await db.prisma.$transaction(async (tx) => {
      const path = await open(tx);
      await tx.$executeRawUnsafe(`CREATE TEMP TABLE bulk_t (a int, b text) ON COMMIT DROP`);
      const counts = await path.copyThen("bulk_t", "1\tx\\ty\n2\t\\N\n3\tnaïve ✓\n", [
        { sql: `UPDATE bulk_t SET b = $1 WHERE a = $2`, values: ["z", 1] },
        { sql: `DELETE FROM bulk_t WHERE b IS NULL`, values: [] },
        { sql: `INSERT INTO bulk_t SELECT a + 10, b FROM bulk_t`, values: [] },
      ]);
      expect(counts).toEqual([1, 1, 2]);
      return tx.$queryRawUnsafe<{ a: number; b: string }[]>(`SELECT a, b FROM bulk_t ORDER BY a`);
    });
    expect(rows).toEqual([
      { a: 1, b: "z" },
      { a: 3, b: "naïve ✓" },
      { a: 11, b: "z" },
      { a: 13, b: "naïve ✓" },
    ]);
  });

  test("an error in a statement after the COPY fails the transaction and leaves nothing", async () => {
    await db.prisma.$executeRawUnsafe(`CREATE TABLE bulk_kept (a int)`);
    try {
      await expect(
        db.prisma.$transaction(async (tx) => {
          const path = await open(tx);
          await tx.$executeRawUnsafe(`CREATE TEMP TABLE bulk_t2 (a int) ON COMMIT DROP`);
          await path.copyThen("bulk_t2", "1\n2\n", [
            { sql: `INSERT INTO bulk_kept SELECT a FROM bulk_t2`, values: [] },
            { sql: `SELECT 1 / (a - 2) FROM bulk_t2`, values: [] },
          ]);
        }),
      ).rejects.toThrow(/division by zero/);
      expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM bulk_kept`)).toEqual([{ n: 0 }]);
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TABLE bulk_kept`);
    }
  });
});
