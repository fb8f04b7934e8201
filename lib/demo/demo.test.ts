import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { parseJUnitBuffer } from "@/lib/junit";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { generateDemoRuns } from "./generate";
import { DemoAlreadyLoadedError, loadDemoData } from "./load";

describe("demo data", () => {
  test("is deterministic and every report is valid JUnit", () => {
    const end = new Date(Date.UTC(2026, 10, 1));
    const a = generateDemoRuns({ end });
    expect(generateDemoRuns({ end })).toEqual(a);
    expect(a).toHaveLength(30);
    for (const run of a) for (const report of run.reports) expect(parseJUnitBuffer(report.xml).summary.tests).toBeGreaterThan(0);
  });

  describe("loaded through lib/ingest", () => {
    let db: Database;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(() => db.close());

    test("tells the report's story: ~20 % rising toward ~85 %, with vanished tests", async () => {
      const loaded = await loadDemoData(db.prisma, { classifier: defaultClassifier, end: new Date(Date.UTC(2026, 10, 1)) });
      expect(loaded.runs).toBe(30);
      const runs = await db.prisma.run.findMany({ orderBy: { startedAt: "asc" } });
      expect(runs.every((r) => r.status === "complete")).toBe(true);
      const first = runs[0]!.passRate!;
      const last = runs.at(-1)!.passRate!;
      expect(first).toBeGreaterThan(0.15);
      expect(first).toBeLessThan(0.3);
      expect(last).toBeGreaterThan(0.78);
      expect(last).toBeLessThan(0.9);
      expect(Math.max(...runs.map((r) => r.missing))).toBeGreaterThanOrEqual(14);
      expect(runs.some((r) => r.flaky > 0)).toBe(true);
      expect(await db.prisma.team.count()).toBe(4);
      await expect(loadDemoData(db.prisma, { classifier: defaultClassifier })).rejects.toBeInstanceOf(DemoAlreadyLoadedError);
    });
  });
});
