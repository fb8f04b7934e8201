// Data mapping of the test history chart: pure, unit-tested (STYLE.md: charts).
import type { TestHistoryPoint } from "@/lib/db/tests";
import type { ResultStatus } from "@/lib/domain/vocabulary";

export interface TestHistoryDatum {
  runId: string;
  runKey: string;
  status: ResultStatus;
  /** Seconds; null when the run reported no duration (missing, some skipped) — a gap in the line. */
  duration: number | null;
  /** Where the outcome dot sits: the duration, or the axis floor when there is none. */
  dot: number;
  flaky: boolean;
  provisional: boolean;
}

export const RESULT_COLOURS: Record<ResultStatus, string> = {
  passed: "var(--result-passed)",
  failed: "var(--result-failed)",
  error: "var(--result-error)",
  skipped: "var(--result-skipped)",
  missing: "var(--result-missing)",
};

/** One point per run, oldest first; durations in seconds (rounded to ms). */
export function mapTestHistory(history: readonly TestHistoryPoint[]): TestHistoryDatum[] {
  return history.map((h) => {
    const duration = h.durationMs === null ? null : Math.round(h.durationMs) / 1000;
    return {
      runId: h.runId,
      runKey: h.runKey,
      status: h.status,
      duration,
      dot: duration ?? 0,
      flaky: h.flaky,
      provisional: h.runStatus === "open",
    };
  });
}
