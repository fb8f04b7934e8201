import { CATEGORIES, type Category } from "@/lib/domain/vocabulary";
import type { Overview } from "@/lib/db/overview";

export interface PassRateDatum {
  runId: string;
  runKey: string;
  label: string;
  /** Percent; null when the run had nothing that counts. */
  passRate: number | null;
  /** Same value, only for runs still open: drawn as provisional. */
  provisional: number | null;
}

export const dateLabel = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

export function mapPassRate(overview: Overview): PassRateDatum[] {
  return overview.runs.map((run) => ({
    runId: run.id,
    runKey: run.runKey,
    label: dateLabel(run.startedAt),
    passRate: run.status === "complete" ? percent(run.passRate) : null,
    provisional: run.status === "open" ? percent(run.passRate) : null,
  }));
}

export type CategoryDatum = { runId: string; runKey: string; label: string } & Record<Category, number>;

export function mapCategories(overview: Overview): CategoryDatum[] {
  return overview.runs.map((run) => ({ runId: run.id, runKey: run.runKey, label: dateLabel(run.startedAt), ...run.byCategory }));
}

/** A run's non-passing results over all categories (the height of the stack). */
export function categoryTotal(datum: CategoryDatum): number {
  return CATEGORIES.reduce((sum, c) => sum + datum[c], 0);
}

/** Categories that ever had a failure in the shown runs, in vocabulary order (empty series are noise). */
export function presentCategories(data: CategoryDatum[]): Category[] {
  return CATEGORIES.filter((c) => data.some((d) => d[c] > 0));
}

/** One row per run: `runId`, `runKey`, `label`, then one column per team id. */
export type TeamDatum = { runId: string; runKey: string; label: string } & Record<string, number | string | null>;

export function mapTeams(overview: Overview, metric: "passRate" | "openGroups"): TeamDatum[] {
  const byRun = new Map<string, Map<string, number | null>>();
  for (const point of overview.teamPoints) {
    const row = byRun.get(point.runId) ?? new Map<string, number | null>();
    row.set(point.teamId, metric === "passRate" ? percent(point.passRate) : point.openGroups);
    byRun.set(point.runId, row);
  }
  return overview.runs.map((run) => {
    const datum: TeamDatum = { runId: run.id, runKey: run.runKey, label: dateLabel(run.startedAt) };
    for (const team of overview.teams) datum[team.id] = byRun.get(run.id)?.get(team.id) ?? null;
    return datum;
  });
}

export interface Kpis {
  passRate: number | null;
  delta: number | null;
  openGroups: number;
  missing: number;
  flaky: number;
  skipped: number;
  latestRunKey: string | null;
  latestStatus: "open" | "complete" | null;
}

/** KPI tiles: the latest run, and the change since the run before it on the same branch. */
export function mapKpis(overview: Overview): Kpis {
  const latest = overview.runs.at(-1);
  const previous = overview.runs.at(-2);
  return {
    passRate: percent(latest?.passRate ?? null),
    delta:
      latest?.passRate != null && previous?.passRate != null ? Math.round((latest.passRate - previous.passRate) * 1000) / 10 : null,
    openGroups: overview.openGroups,
    missing: latest?.missing ?? 0,
    flaky: latest?.flaky ?? 0,
    skipped: latest?.skipped ?? 0,
    latestRunKey: latest?.runKey ?? null,
    latestStatus: latest?.status ?? null,
  };
}
