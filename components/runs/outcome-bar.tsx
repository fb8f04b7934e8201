import { formatPercent } from "@/lib/domain/format";

interface Counts {
  passed: number;
  failed: number;
  errors: number;
  missing: number;
  skipped: number;
  passRate: number | null;
}

/** A run's outcomes as one stacked bar (passed · failed+error · missing · skipped) beside its pass rate. */
export function OutcomeBar({ counts, className = "", barClassName = "w-24" }: { counts: Counts; className?: string; barClassName?: string }) {
  const total = counts.passed + counts.failed + counts.errors + counts.missing + counts.skipped;
  const segments = [
    { value: counts.passed, color: "var(--accent)", label: "passed" },
    { value: counts.failed + counts.errors, color: "var(--danger)", label: "failed or error" },
    { value: counts.missing, color: "var(--warning)", label: "missing" },
    { value: counts.skipped, color: "#cbd5e1", label: "skipped" },
  ];
  return (
    <div className={`flex items-center gap-2.5 ${className}`}>
      <div
        className={`flex h-1.5 shrink-0 overflow-hidden rounded-full bg-slate-100 ${barClassName}`}
        role="img"
        aria-label={segments.map((s) => `${s.value} ${s.label}`).join(", ")}
      >
        {total > 0 && segments.map((s) => s.value > 0 && <span key={s.label} style={{ width: `${(s.value / total) * 100}%`, background: s.color }} />)}
      </div>
      <span className="w-14 shrink-0 text-right text-sm font-medium tabular-nums">{formatPercent(counts.passRate)}</span>
    </div>
  );
}
