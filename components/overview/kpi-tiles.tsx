import type { Kpis } from "@/components/charts/map-overview";

function Tile({ label, value, hint, tone = "neutral", testId }: { label: string; value: string; hint?: string; tone?: "good" | "bad" | "neutral"; testId?: string }) {
  const toneClass = tone === "good" ? "text-green-600" : tone === "bad" ? "text-danger" : "text-muted";
  return (
    <div className="rounded-xl border border-border bg-card p-4 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-muted">{label}</p>
      <p className="mt-2 text-3xl font-semibold tabular-nums">{value}</p>
      {hint && <p className={`mt-1 text-xs ${toneClass}`}>{hint}</p>}
    </div>
  );
}

export function KpiTiles({ kpis }: { kpis: Kpis }) {
  const delta = kpis.delta;
  return (
    <div className="mt-6 grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
      <Tile
        testId="kpi-pass-rate"
        label="Pass rate"
        value={kpis.passRate === null ? "—" : `${kpis.passRate.toFixed(1)} %`}
        hint={kpis.latestRunKey ? `${kpis.latestRunKey}${kpis.latestStatus === "open" ? " · in progress" : ""}` : undefined}
      />
      <Tile
        label="Since previous run"
        value={delta === null ? "—" : `${delta > 0 ? "+" : ""}${delta.toFixed(1)} pts`}
        tone={delta === null || delta === 0 ? "neutral" : delta > 0 ? "good" : "bad"}
        hint={delta === null ? "no previous run" : delta > 0 ? "improving" : delta < 0 ? "regressing" : "unchanged"}
      />
      <Tile label="Open failure groups" value={String(kpis.openGroups)} hint="new or investigating" />
      <Tile label="Missing tests" value={String(kpis.missing)} tone={kpis.missing > 0 ? "bad" : "neutral"} hint="vanished since recent runs" />
      <Tile label="Flaky tests" value={String(kpis.flaky)} hint="passed on retry" />
      <Tile label="Skipped" value={String(kpis.skipped)} hint="not in the pass rate" />
    </div>
  );
}
