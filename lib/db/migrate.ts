import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { openDatabase } from "./connection";
import type { SqlExecutor } from "./sql-executor";
import type { DatabaseTarget } from "./url";

export type { SqlExecutor };

/**
 * Applies the checked-in migrations in `prisma/migrations/` and records them in Prisma's own
 * `_prisma_migrations` table (same columns, same sha256 checksum), so `prisma migrate status`
 * and `prisma migrate dev` agree with what ran here. We apply them in-process rather than through
 * `prisma migrate deploy` because the CLI, with driver adapters, never releases the PGlite
 * instance and hangs after it has finished (see docs/decisions.md).
 */

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Resolved from this file (not the working directory) so the CLI works from any folder. */
export function migrationsDir(): string {
  return path.resolve(import.meta.dirname, "../../prisma/migrations");
}

export async function loadMigrations(dir = migrationsDir()): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every Greenboard instance sharing a database.
const MIGRATION_LOCK_KEY = 7_164_031;

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

/**
 * Applies every pending migration, each in its own transaction. Several instances starting at
 * once against one PostgreSQL serialise on an advisory lock. A migration whose checksum changed
 * after it was applied is refused: edited history would silently diverge between databases.
 */
export async function migrateDatabase(db: SqlExecutor, migrations?: Migration[]): Promise<MigrateResult> {
  const all = migrations ?? (await loadMigrations());
  await db.exec(CREATE_MIGRATIONS_TABLE);
  await db.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
  try {
    const rows = await db.query<{ migration_name: string; checksum: string; finished_at: Date | string | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const migration of all) {
      const previous = done.get(migration.name);
      if (previous) {
        if (previous.finished_at === null) {
          throw new MigrationError(
            `Migration ${migration.name} was started but never finished; inspect the database and mark it rolled back before retrying`,
          );
        }
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`Migration ${migration.name} was modified after it was applied (checksum mismatch)`);
        }
        continue;
      }
      try {
        await db.exec("BEGIN");
        await db.exec(migration.sql);
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), now(), 1)`,
          [randomUUID(), migration.checksum, migration.name],
        );
        await db.exec("COMMIT");
      } catch (error) {
        await db.exec("ROLLBACK").catch(() => undefined);
        throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(migration.name);
    }
    return { applied, alreadyApplied: all.length - applied.length };
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  }
}

/** Opens, applies pending migrations, closes: what `npm run db:migrate` and `npm start` do first. */
export async function migrateTarget(target: DatabaseTarget, holder = "greenboard migrate"): Promise<MigrateResult> {
  const db = await openDatabase(target, { holder, poolSize: 2 });
  try {
    return await migrateDatabase(db.sql);
  } finally {
    await db.close();
  }
}
