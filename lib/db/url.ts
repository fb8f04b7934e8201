import path from "node:path";

/** Where the data lives: an embedded PGlite directory, or a PostgreSQL server. */
export type DatabaseTarget =
  | { kind: "pglite"; dataDir: string }
  | { kind: "postgres"; url: string };

export const DEFAULT_PGLITE_DIR = ".data/pglite";

/**
 * Reads `DATABASE_URL`: unset or `pglite:<dir>` → embedded PostgreSQL in `<dir>`
 * (relative to the working directory; default `.data/pglite`), `postgres://…` or
 * `postgresql://…` → a PostgreSQL server. Anything else is a configuration error.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, cwd = process.cwd()): DatabaseTarget {
  const value = databaseUrl?.trim();
  if (!value) return { kind: "pglite", dataDir: path.resolve(cwd, DEFAULT_PGLITE_DIR) };
  if (value.startsWith("pglite:")) {
    const dir = value.slice("pglite:".length).replace(/^\/\/(?=\/)/, "");
    return { kind: "pglite", dataDir: path.resolve(cwd, dir || DEFAULT_PGLITE_DIR) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: "postgres", url: value };
  throw new Error(
    `DATABASE_URL must be unset, "pglite:<dir>" or a postgres:// / postgresql:// URL (got "${value.split(":")[0]}:…")`,
  );
}

/** The Prisma CLI insists on a postgresql:// URL in the schema even when an adapter makes the connection. */
export const PLACEHOLDER_POSTGRES_URL = "postgresql://greenboard@localhost/pglite-placeholder";

/** The same server URL pointing at another database (tests create one database per file). */
export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
