import type { RunIngest } from "@/lib/db/runs";
import { mapIngestProgress } from "./map-ingest-progress";

/** The progress of reports still being ingested into a run; `compact` for a row of the runs list. */
export function IngestProgress({ ingest, compact = false }: { ingest: RunIngest; compact?: boolean }) {
  const view = mapIngestProgress(ingest);
  const bar = (
    <div
      role="progressbar"
      aria-label={view.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={view.percent ?? undefined}
      aria-valuetext={`${view.label}: ${view.detail}`}
      className={`overflow-hidden rounded-full bg-blue-100 ${compact ? "h-1.5 w-24" : "h-2 w-full"}`}
    >
      <div
        className={`h-full rounded-full bg-blue-500 transition-[width] duration-500 ${view.percent === null ? "w-1/3 animate-pulse" : ""}`}
        style={view.percent === null ? undefined : { width: `${Math.max(view.percent, 2)}%` }}
      />
    </div>
  );
  if (compact) {
    return (
      <div className="flex items-center justify-end gap-2.5" data-testid="ingest-progress" title={view.detail}>
        {bar}
        <span className="w-14 shrink-0 text-right text-xs font-medium tabular-nums text-blue-700">{view.percent === null ? "…" : `${view.percent} %`}</span>
      </div>
    );
  }
  return (
    <section className="mt-6 rounded-xl border border-blue-200 bg-blue-50 px-5 py-4" data-testid="ingest-progress" aria-live="polite">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="font-medium text-blue-900">{view.label}</p>
        <p className="text-xs text-blue-800">{view.detail}</p>
      </div>
      <div className="mt-2.5">{bar}</div>
      <p className="mt-2 text-xs text-blue-800">The totals below fill in as each report is stored; this page updates by itself.</p>
    </section>
  );
}
