import path from "node:path";
import { defineConfig } from "prisma/config";
import { createMigrationAdapter } from "./lib/db/adapters";
import { PLACEHOLDER_POSTGRES_URL, resolveDatabaseTarget } from "./lib/db/url";

// The CLI (generate, migrate) connects through the same driver adapters as the app.
const target = resolveDatabaseTarget(process.env.DATABASE_URL);
if (target.kind === "pglite") process.env.DATABASE_URL = PLACEHOLDER_POSTGRES_URL;

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: () => createMigrationAdapter(target),
});
