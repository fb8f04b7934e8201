import { randomBytes } from "node:crypto";
import { cp, rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDatabase, type Database } from "./connection";
import { withDatabaseName, type DatabaseTarget } from "./url";

/** What test/global-setup.ts provides: a migrated template to copy per test file. */
export type TestDatabaseTemplate =
  | { kind: "pglite"; templateDir: string; root: string }
  | { kind: "postgres"; adminUrl: string; templateDb: string; runId: string };

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: TestDatabaseTemplate;
  }
}

/** A fresh, migrated database target of its own (a copy of the run's template); nothing is opened yet. */
export async function createTestDatabaseTarget(): Promise<{ target: DatabaseTarget; drop: () => Promise<void> }> {
  const template = inject("dbTemplate");
  const suffix = randomBytes(4).toString("hex");
  if (template.kind === "pglite") {
    const dataDir = path.join(template.root, `db-${suffix}`);
    await cp(template.templateDir, dataDir, { recursive: true });
    return {
      target: { kind: "pglite", dataDir },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `greenboard_test_${template.runId}_${suffix}`;
  await withAdmin(template.adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template.templateDb}"`);
  });
  return {
    target: { kind: "postgres", url: withDatabaseName(template.adminUrl, name) },
    drop: () =>
      withAdmin(template.adminUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

/** A fresh database for one test file, opened; close() also deletes it. */
export async function createTestDatabase(): Promise<Database> {
  const { target, drop } = await createTestDatabaseTarget();
  const db = await openDatabase(target, { holder: "vitest", poolSize: 4 });
  return {
    ...db,
    async close() {
      await db.close();
      await drop();
    },
  };
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
