import type { CategoryBreakdown, TeamBreakdown } from "@/lib/db/runs";
import { CATEGORY_LABELS } from "@/lib/domain/vocabulary";
import { formatPercent } from "@/lib/domain/format";

/** Non-passing results of the run by cause, as bars in the category colours. */
export function CategoryBreakdownList({ rows }: { rows: CategoryBreakdown[] }) {
  const max = Math.max(1, ...rows.map((r) => r.failed + r.errors + r.missing));
  if (rows.length === 0) return <p className="text-sm text-muted">Nothing failed in this run.</p>;
  return (
    <ul className="grid gap-3" data-testid="by-category">
      {rows.map((row) => {
        const total = row.failed + row.errors + row.missing;
        return (
          <li key={row.category} className="grid grid-cols-[8rem_1fr_3rem] items-center gap-3 text-sm">
            <span className="flex items-center gap-2">
              <span className="size-2 rounded-full" style={{ background: `var(--cat-${row.category})` }} aria-hidden="true" />
              {CATEGORY_LABELS[row.category]}
            </span>
            <span className="h-2 overflow-hidden rounded-full bg-slate-100">
              <span className="block h-full rounded-full" style={{ width: `${(total / max) * 100}%`, background: `var(--cat-${row.category})` }} />
            </span>
            <span className="text-right font-medium tabular-nums" title={`${row.failed} failed · ${row.errors} errors · ${row.missing} missing`}>
              {total.toLocaleString("en-US")}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** Each team's scope in this run: its tests, how many pass, and its open failure groups. */
export function TeamBreakdownTable({ rows }: { rows: TeamBreakdown[] }) {
  if (rows.length === 0) return <p className="text-sm text-muted">No team has failures assigned yet.</p>;
  return (
    <table className="w-full text-sm" data-testid="by-team">
      <thead>
        <tr className="text-left text-xs uppercase tracking-wide text-muted">
          <th className="pb-2 font-medium">Team</th>
          <th className="pb-2 text-right font-medium">Tests</th>
          <th className="pb-2 text-right font-medium">Not passing</th>
          <th className="pb-2 text-right font-medium">Open groups</th>
          <th className="pb-2 text-right font-medium">Pass rate</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {rows.map((row) => (
          <tr key={row.teamId}>
            <td className="py-2">
              <span className="flex items-center gap-2">
                <span className="size-2.5 rounded-sm" style={{ background: row.color }} aria-hidden="true" />
                {row.name}
              </span>
            </td>
            <td className="py-2 text-right tabular-nums">{row.tests}</td>
            <td className={`py-2 text-right tabular-nums ${row.notPassing ? "text-danger" : "text-muted"}`}>{row.notPassing}</td>
            <td className="py-2 text-right tabular-nums">{row.openGroups}</td>
            <td className="py-2 text-right font-medium tabular-nums">{formatPercent(row.passRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
