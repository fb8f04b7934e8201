// npm run db:migrate — applies pending migrations to the database DATABASE_URL names, then exits.
import { migrateTarget } from "@/lib/db/migrate";
import { DatabaseLockedError } from "@/lib/db/pglite-lock";
import { resolveDatabaseTarget } from "@/lib/db/url";
import { getEnv } from "@/lib/env.mjs";

async function main() {
  const target = resolveDatabaseTarget(getEnv().DATABASE_URL);
  const where = target.kind === "pglite" ? `embedded database in ${target.dataDir}` : "PostgreSQL";
  const result = await migrateTarget(target);
  console.log(
    result.applied.length
      ? `Applied ${result.applied.length} migration(s) to the ${where}: ${result.applied.join(", ")}`
      : `The ${where} is up to date (${result.alreadyApplied} migrations).`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof DatabaseLockedError || error instanceof Error ? error.message : error);
  process.exit(1);
});
