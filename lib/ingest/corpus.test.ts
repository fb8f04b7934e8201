import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { mergeAttempts, parseJUnitBuffer } from "@/lib/junit";
import { corpusDir, readCorpusIndex } from "@/lib/junit/testing/corpus";
import { defaultClassifier } from "./default-classifier";
import { ingest } from "./index";

// Every valid corpus report stored through lib/ingest (embedded database by default, PostgreSQL
// when TEST_DATABASE_URL is set) reads back with the totals the parser gives, attempts folded in
// SQL exactly as mergeAttempts folds them in memory.
const inputs = readCorpusIndex().filter((entry) => entry.group !== "negative");

describe("corpus reports stored and read back", () => {
  let db: Database;
  let projectId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    projectId = (await db.prisma.project.create({ data: { slug: "corpus", name: "Corpus" } })).id;
  });
  afterAll(() => db.close());

  test.each(inputs.map((entry) => [entry.input, entry] as const))("%s", async (_name, entry) => {
    const bytes = readFileSync(path.join(corpusDir, entry.input));
    const merged = mergeAttempts(parseJUnitBuffer(bytes).cases);
    const { runId } = await ingest(
      db.prisma,
      { projectId, runKey: entry.input, metadata: { branch: entry.input }, files: [{ filename: entry.input, source: [bytes] }] },
      { classifier: defaultClassifier },
    );
    const run = await db.prisma.run.findUniqueOrThrow({ where: { id: runId } });
    const count = (status: string) => merged.filter((c) => c.status === status).length;
    expect({ tests: run.tests, passed: run.passed, failed: run.failed, errors: run.errors, skipped: run.skipped, flaky: run.flaky }).toEqual({
      tests: merged.length,
      passed: count("passed"),
      failed: count("failed"),
      errors: count("error"),
      skipped: count("skipped"),
      flaky: merged.filter((c) => c.flaky).length,
    });
    const stored = await db.prisma.result.findMany({ where: { runId }, include: { test: { select: { key: true } } } });
    const byKey = new Map(stored.map((r) => [r.test.key, r]));
    for (const c of merged) {
      const row = byKey.get(c.key);
      expect(row, c.key).toBeDefined();
      expect([row?.status, row?.flaky, row?.attempts, row?.message ?? null], c.key).toEqual([c.status, c.flaky, c.attemptCount, c.message]);
      if (c.status === "failed" || c.status === "error") expect(row?.category, c.key).not.toBeNull();
    }
  });
});
