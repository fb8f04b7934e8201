// Statistics for the embedded database. PGlite runs PostgreSQL in single-user mode, which has no
// autovacuum: nothing ever takes statistics, and the planner guesses every table's size and every
// condition's selectivity. On six 100,000-case runs it then read a run's results in name order by
// joining all 100,000 of them before keeping 50 (~0.9 s; with statistics it walks the key index,
// a few ms). So after each bulk write (an upload stored, a run completed) the tables that grew by a
// tenth since their statistics were taken (or never had any) are analyzed: autovacuum's scale
// factor, applied to the pages a table grew by where autovacuum counts the rows changed (updates
// and deletes, which uploads hardly make, do not count here). On PostgreSQL autovacuum does this,
// and nothing is registered.
import type { SqlExecutor } from "./sql-executor";

// Keyed by the Prisma client an embedded database was opened with. On globalThis: the module copy
// that opened the database may not be the one that writes (pg-copy.ts).
const shared = globalThis as unknown as { greenboardAfterBulkWrites?: WeakMap<object, () => Promise<unknown>> };
const afterWrites = (shared.greenboardAfterBulkWrites ??= new WeakMap());

/** Registers what runs after a bulk write through `prisma` (connection.ts, for the embedded database). */
export function runAfterBulkWrites(prisma: object, work: () => Promise<unknown>): void {
  afterWrites.set(prisma, work);
}

/**
 * Called once a bulk write through `prisma` has committed (an upload stored, a run completed). A
 * failure is logged, not thrown: what was written stays written, and the next write tries again.
 */
export async function afterBulkWrite(prisma: object): Promise<void> {
  const work = afterWrites.get(prisma);
  if (!work) return;
  try {
    await work();
  } catch (error) {
    console.warn(`[db] taking statistics after a bulk write failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// A table grown by at least this share of its pages since its statistics (autovacuum's default
// analyze scale factor), plus a few pages, so that a small table is not analyzed at every write.
const GROWTH = 0.1;
const SLACK_PAGES = 4;

/** Analyzes the application's tables that grew since their statistics, or never had any; returns their names. */
export async function analyzeGrownTables(sql: SqlExecutor): Promise<string[]> {
  const tables = await sql.query<{ name: string; pages: number; analyzedPages: number; analyzed: boolean }>(
    `SELECT c.relname AS name, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int AS pages,
            c.relpages AS "analyzedPages", c.reltuples >= 0 AS analyzed
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relpersistence = 'p'`,
  );
  const grown = tables.filter((t) => t.pages > 0 && (!t.analyzed || t.pages >= t.analyzedPages * (1 + GROWTH) + SLACK_PAGES));
  if (grown.length > 0) await sql.exec(`ANALYZE ${grown.map((t) => `"${t.name.replaceAll('"', '""')}"`).join(", ")}`);
  return grown.map((t) => t.name);
}
