import Link from "next/link";
import type { ReactNode } from "react";

export interface ChartTableColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/**
 * A chart's data as a table, behind a "Show as table" toggle: the same numbers for screen readers
 * and keyboard users, with each run a link (the chart's click-through, reachable without a pointer).
 */
export function ChartTable<Row extends { runId: string }>({
  caption,
  columns,
  rows,
  runHref,
  runLabel,
}: {
  caption: string;
  columns: ChartTableColumn<Row>[];
  rows: readonly Row[];
  runHref?: (runId: string) => string;
  runLabel: (row: Row) => string;
}) {
  return (
    <details className="group/table mt-3" data-testid="chart-table">
      <summary className="inline-flex cursor-pointer select-none items-center gap-1 rounded text-xs font-medium text-muted hover:text-foreground">
        <svg width="12" height="12" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5" className="transition-transform group-open/table:rotate-90" aria-hidden="true">
          <path d="m9 6 6 6-6 6" />
        </svg>
        Show as table
      </summary>
      <div className="mt-2 max-h-80 overflow-auto rounded-lg border border-border">
        <table className="w-full text-xs">
          <caption className="sr-only">{caption}</caption>
          <thead className="sticky top-0 bg-card">
            <tr className="border-b border-border text-left text-muted">
              <th scope="col" className="px-3 py-2 font-medium">Run</th>
              {columns.map((column) => (
                <th key={column.header} scope="col" className={`px-3 py-2 font-medium ${column.numeric ? "text-right" : ""}`}>{column.header}</th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {[...rows].reverse().map((row) => (
              <tr key={row.runId}>
                <th scope="row" className="px-3 py-1.5 text-left font-medium">
                  {runHref ? (
                    <Link href={runHref(row.runId)} className="text-foreground underline-offset-2 hover:text-green-700 hover:underline">{runLabel(row)}</Link>
                  ) : (
                    runLabel(row)
                  )}
                </th>
                {columns.map((column) => (
                  <td key={column.header} className={`px-3 py-1.5 ${column.numeric ? "text-right tabular-nums" : ""}`}>{column.cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
