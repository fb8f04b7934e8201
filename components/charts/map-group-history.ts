// Data mapping of a failure group's history chart: pure, unit-tested (STYLE.md: charts).
import type { GroupHistoryPoint } from "@/lib/db/triage";
import { dateLabel } from "./map-overview";

export interface GroupHistoryDatum {
  runId: string;
  runKey: string;
  /** The run's start date, for the table and the tooltip (the axis shows the run key). */
  label: string;
  occurrences: number;
}

/** One bar per run, oldest first, zeros kept: a run without the failure is evidence it is gone. */
export function mapGroupHistory(history: readonly GroupHistoryPoint[]): GroupHistoryDatum[] {
  return history.map((h) => ({ runId: h.runId, runKey: h.runKey, label: dateLabel(h.startedAt), occurrences: h.occurrences }));
}

