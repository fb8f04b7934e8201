import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateTarget } from "@/lib/db/migrate";
import type { TestDatabaseTemplate } from "@/lib/db/testing";
import { withDatabaseName } from "@/lib/db/url";

/**
 * Migrates one template database per test run; each test file then gets its own copy
 * (lib/db/testing.ts). Embedded PGlite by default; PostgreSQL when TEST_DATABASE_URL is set.
 */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_DATABASE_URL?.trim();
  if (adminUrl) {
    const runId = `${Date.now().toString(36)}_${process.pid}`;
    const templateDb = `greenboard_test_${runId}_tmpl`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${templateDb}"`);
    await admin.end();
    await migrateTarget({ kind: "postgres", url: withDatabaseName(adminUrl, templateDb) }, "test template");
    const template: TestDatabaseTemplate = { kind: "postgres", adminUrl, templateDb, runId };
    project.provide("dbTemplate", template);
    return async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      const { rows } = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`greenboard_test_${runId}_%`],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await client.end();
    };
  }

  const root = await mkdtemp(path.join(os.tmpdir(), "greenboard-test-"));
  const templateDir = path.join(root, "template");
  await migrateTarget({ kind: "pglite", dataDir: templateDir }, "test template");
  const template: TestDatabaseTemplate = { kind: "pglite", templateDir, root };
  project.provide("dbTemplate", template);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
