import "server-only";
import { getEnv } from "@/lib/env.mjs";
import { openDatabase, type Database } from "./connection";
import { resolveDatabaseTarget } from "./url";

/**
 * The app's one database handle. Opened lazily on first use — never at import — so `next build`
 * does not open the embedded database. Cached on globalThis so development hot reloads reuse it.
 */
const globalForDb = globalThis as unknown as { greenboardDb?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  globalForDb.greenboardDb ??= openDatabase(resolveDatabaseTarget(getEnv().DATABASE_URL), {
    holder: `greenboard server (pid ${process.pid})`,
  }).catch((error: unknown) => {
    globalForDb.greenboardDb = undefined;
    throw error;
  });
  return globalForDb.greenboardDb;
}

/** For tests and the demo loader inside the server: use a given database instead. */
export function setDatabase(db: Database | undefined): void {
  globalForDb.greenboardDb = db ? Promise.resolve(db) : undefined;
}

export async function getPrisma() {
  return (await getDatabase()).prisma;
}
