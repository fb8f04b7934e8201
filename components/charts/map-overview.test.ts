import { describe, expect, test } from "vitest";
import type { Overview, RunPoint } from "@/lib/db/overview";
import { categoryTotal, mapCategories, mapKpis, mapPassRate, mapTeams, presentCategories } from "./map-overview";

const zero = { infrastructure: 0, fixture: 0, import: 0, mock: 0, "commented-out": 0, assertion: 0, other: 0 };
const run = (id: string, passRate: number | null, extra: Partial<RunPoint> = {}): RunPoint => ({
  id,
  runKey: `ci-${id}`,
  status: "complete",
  startedAt: "2026-01-02T10:00:00.000Z",
  commitSha: null,
  tests: 10,
  passed: 0,
  failed: 0,
  errors: 0,
  skipped: 1,
  missing: 2,
  flaky: 1,
  passRate,
  byCategory: { ...zero },
  ...extra,
});

const overview = (runs: RunPoint[]): Overview => ({
  project: { id: "p", slug: "p", name: "P", defaultBranch: "main", passRateTarget: 1 },
  branch: "main",
  branches: ["main"],
  runs,
  teams: [{ id: "t1", name: "Team A", color: "#f00" }],
  teamPoints: [{ runId: "1", teamId: "t1", passRate: 0.125, openGroups: 3 }],
  openGroups: 4,
  projection: { kind: "insufficient-data" },
});

describe("overview mapping", () => {
  test("pass rate in percent; open runs only in the provisional series", () => {
    const data = mapPassRate(overview([run("1", 0.2), run("2", 0.456, { status: "open" })]));
    expect(data.map((d) => [d.passRate, d.provisional])).toEqual([
      [20, null],
      [null, 45.6],
    ]);
    expect(data[0]?.label).toBe("2 Jan");
  });

  test("KPIs come from the latest run and the change since the previous one", () => {
    expect(mapKpis(overview([run("1", 0.2), run("2", 0.35)]))).toMatchObject({ passRate: 35, delta: 15, openGroups: 4, missing: 2, flaky: 1, skipped: 1 });
    expect(mapKpis(overview([]))).toMatchObject({ passRate: null, delta: null, latestRunKey: null });
  });

  test("failures by category: one row per run with its key, every category, and the stack's total", () => {
    const data = mapCategories(overview([run("1", 0.2, { byCategory: { ...zero, infrastructure: 5, mock: 1 } }), run("2", 0.4)]));
    expect(data[0]).toEqual({ runId: "1", runKey: "ci-1", label: "2 Jan", ...zero, infrastructure: 5, mock: 1 });
    expect(data.map(categoryTotal)).toEqual([6, 0]);
  });

  test("only categories that occur are charted", () => {
    const data = mapCategories(overview([run("1", 0.2, { byCategory: { ...zero, mock: 6, import: 2 } })]));
    expect(presentCategories(data)).toEqual(["import", "mock"]);
  });

  test("team series hold one column per team, null where the team had no scope yet", () => {
    const data = mapTeams(overview([run("1", 0.2), run("2", 0.3)]), "passRate");
    expect(data.map((d) => d.t1)).toEqual([12.5, null]);
    expect(data[0]).toMatchObject({ runId: "1", runKey: "ci-1", label: "2 Jan" });
    expect(mapTeams(overview([run("1", 0.2)]), "openGroups")[0]?.t1).toBe(3);
  });
});
