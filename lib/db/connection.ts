import { PrismaPg } from "@prisma/adapter-pg";
import type { PGlite } from "@electric-sql/pglite";
import type pg from "pg";
import { getEnv } from "@/lib/env.mjs";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { createPgPool, openPglite, pgliteAdapterFactory } from "./adapters";
import type { SqlExecutor } from "./sql-executor";
import { analyzeGrownTables, runAfterBulkWrites } from "./maintenance";
import { acquirePgliteLock } from "./pglite-lock";
import type { DatabaseTarget } from "./url";

/** An open database: the Prisma client, a raw SQL executor over the same connection(s), and close(). */
export interface Database {
  readonly target: DatabaseTarget;
  readonly prisma: PrismaClient;
  readonly sql: SqlExecutor;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Who opens it, written into the PGlite lock so a second opener can be told. */
  holder?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

function pgliteExecutor(db: PGlite): SqlExecutor {
  return {
    async exec(sql) {
      await db.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await db.query<Row>(sql, params)).rows;
    },
  };
}

function poolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async exec(sql) {
      await pool.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await pool.query(sql, params)).rows as Row[];
    },
  };
}

const EMBEDDED_TRANSACTION_WAIT_MS = 10 * 60_000;

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  if (target.kind === "postgres") {
    const pool = createPgPool(target.url, { max: options.poolSize ?? 10 });
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      target,
      prisma,
      sql: poolExecutor(pool),
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }
  const release = acquirePgliteLock(target.dataDir, options.holder ?? `greenboard ${process.argv.slice(1).join(" ")}`);
  let db: PGlite;
  try {
    db = await openPglite(target.dataDir, { sharedBuffersMb: getEnv().GREENBOARD_EMBEDDED_SHARED_BUFFERS_MB });
  } catch (error) {
    release();
    throw error;
  }
  let adapter: Awaited<ReturnType<typeof pgliteAdapterFactory>>;
  try {
    adapter = await pgliteAdapterFactory(db);
  } catch (error) {
    await db.close();
    release();
    throw error;
  }
  // PGlite runs one transaction at a time, so a transaction waits for the one open before it can
  // start — an upload being stored can hold the database for many seconds — where Prisma's default
  // gives up after 2 s ("Unable to start a transaction in the given time"). Plain reads wait
  // without limit; a transaction (a triage change, a results page) waits as long as they may.
  const prisma = new PrismaClient({ adapter, transactionOptions: { maxWait: EMBEDDED_TRANSACTION_WAIT_MS } });
  const sql = pgliteExecutor(db);
  // One at a time: two uploads ending together would otherwise both find the same tables grown.
  let analyzing: Promise<unknown> | null = null;
  runAfterBulkWrites(prisma, () => (analyzing ??= analyzeGrownTables(sql).finally(() => (analyzing = null))));
  return {
    target,
    prisma,
    sql,
    async close() {
      await prisma.$disconnect();
      await db.close();
      release();
    },
  };
}
