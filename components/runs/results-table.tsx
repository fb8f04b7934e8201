"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { CategoryBadge, ResultStatusBadge } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import type { ResultPage } from "@/lib/db/runs";
import type { ResultFilters, ResultSort } from "@/lib/domain/filters";
import { formatDuration } from "@/lib/domain/format";
import { CATEGORIES, CATEGORY_LABELS, RESULT_STATUSES, type ResultStatus } from "@/lib/domain/vocabulary";

const SORT_LABELS: Record<ResultSort, string> = { status: "Failures first", duration: "Slowest first", name: "Name (A–Z)" };

// Each sort has one natural direction: worst status first, A→Z by name, slowest first.
const SORT_DIRECTIONS = { status: "other", name: "ascending", duration: "descending" } as const;

/** A column header that sorts the table by its column: a button, with the state in aria-sort. */
function SortHeader({ label, sort, current, onChange, className }: { label: string; sort: ResultSort; current: ResultSort; onChange: (next: Partial<ResultFilters>) => void; className: string }) {
  const active = sort === current;
  return (
    <th scope="col" aria-sort={active ? SORT_DIRECTIONS[sort] : "none"} className={`font-medium ${className}`}>
      <button
        type="button"
        onClick={() => onChange({ sort, page: 1 })}
        className={`inline-flex items-center gap-1 rounded uppercase tracking-wide hover:text-foreground ${active ? "text-foreground" : ""}`}
        title={`Sort: ${SORT_LABELS[sort]}`}
        data-testid={`sort-${sort}`}
      >
        {label}
        <svg width="10" height="10" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="3" aria-hidden="true" className={active ? "" : "opacity-30"}>
          <path d={SORT_DIRECTIONS[sort] === "ascending" ? "m6 15 6-6 6 6" : "m6 9 6 6 6-6"} />
        </svg>
      </button>
    </th>
  );
}

/**
 * A run's results, one server-side page at a time: filters, search and sort go to the API,
 * so a 10,000-result run sends 50 rows to the browser.
 */
export function ResultsTable({
  slug,
  filters,
  data,
  counts,
  busy,
  onChange,
}: {
  slug: string;
  filters: ResultFilters;
  data: ResultPage | undefined;
  counts: Record<ResultStatus, number>;
  busy: boolean;
  onChange: (next: Partial<ResultFilters>) => void;
}) {
  const [q, setQ] = useState(filters.q ?? "");
  // Search as you type, once typing pauses.
  useEffect(() => {
    if ((filters.q ?? "") === q.trim()) return;
    const timer = setTimeout(() => onChange({ q: q.trim() || undefined, page: 1 }), 300);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);

  const tab = (status: ResultStatus | undefined, label: string, count: number) => {
    const active = filters.status === status;
    return (
      <button
        key={label}
        type="button"
        onClick={() => onChange({ status, page: 1 })}
        aria-pressed={active}
        data-testid={`status-filter-${status ?? "all"}`}
        className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm transition-colors ${active ? "bg-foreground text-background" : "text-muted hover:bg-slate-100 hover:text-foreground"}`}
      >
        {label}
        <span className={`tabular-nums text-xs ${active ? "opacity-70" : "text-slate-400"}`}>{count.toLocaleString("en-US")}</span>
      </button>
    );
  };
  const all = Object.values(counts).reduce((a, b) => a + b, 0);

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-3">
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Status">
          {tab(undefined, "All", all)}
          {(["failed", "error", "missing", "skipped", "passed"] as const satisfies readonly (typeof RESULT_STATUSES)[number][]).map((s) => tab(s, s, counts[s]))}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <input
            type="search"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Search tests…"
            aria-label="Search tests"
            className="w-56 rounded-lg border border-border bg-card px-3 py-1.5 text-sm shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20"
          />
          <Select label="Cause" value={filters.category ?? ""} onChange={(e) => onChange({ category: (e.target.value || undefined) as ResultFilters["category"], page: 1 })}>
            <option value="">All causes</option>
            {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
          </Select>
          <Select label="Sort" value={filters.sort} onChange={(e) => onChange({ sort: e.target.value as ResultSort, page: 1 })}>
            {(Object.keys(SORT_LABELS) as ResultSort[]).map((s) => <option key={s} value={s}>{SORT_LABELS[s]}</option>)}
          </Select>
        </div>
      </div>
      <div className={`overflow-x-auto transition-opacity ${busy ? "opacity-60" : ""}`}>
        <table className="w-full table-fixed text-sm" data-testid="results-table">
          <colgroup>
            <col className="w-24" />
            <col />
            <col className="w-36" />
            <col className="w-[34%]" />
            <col className="w-24" />
          </colgroup>
          <thead>
            <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
              <SortHeader label="Status" sort="status" current={filters.sort} onChange={onChange} className="py-2.5 pl-4 pr-2" />
              <SortHeader label="Test" sort="name" current={filters.sort} onChange={onChange} className="px-2 py-2.5" />
              <th scope="col" className="px-2 py-2.5 font-medium">Cause</th>
              <th scope="col" className="px-2 py-2.5 font-medium">Message</th>
              <SortHeader label="Duration" sort="duration" current={filters.sort} onChange={onChange} className="py-2.5 pl-2 pr-4 text-right" />
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {data?.results.map((r) => (
              <tr key={r.id} className="align-top hover:bg-slate-50/80" data-testid="result-row" data-status={r.status}>
                <td className="py-2.5 pl-4 pr-2">
                  <div className="flex flex-col items-start gap-1">
                    <ResultStatusBadge status={r.status} />
                    {r.flaky && <span className="text-xs text-amber-700">flaky</span>}
                  </div>
                </td>
                <td className="px-2 py-2.5">
                  <Link href={`/p/${slug}/tests/${r.testId}`} className="block truncate font-mono text-xs font-medium text-foreground hover:text-green-700 hover:underline" title={r.testKey} data-testid="test-link">
                    {r.name}
                  </Link>
                  <div className="truncate text-xs text-muted" title={r.testKey}>{r.file ?? r.testKey.slice(0, r.testKey.lastIndexOf("::"))}</div>
                </td>
                <td className="px-2 py-2.5">{r.category && <CategoryBadge category={r.category} />}</td>
                <td className="px-2 py-2.5">
                  {r.message && <div className="truncate font-mono text-xs text-slate-600" title={r.message}>{r.message}</div>}
                  {r.failureGroupId && (
                    <Link href={`/p/${slug}/triage/${r.failureGroupId}`} className="text-xs font-medium text-green-700 hover:underline">
                      Failure group →
                    </Link>
                  )}
                </td>
                <td className="py-2.5 pl-2 pr-4 text-right tabular-nums text-muted">{formatDuration(r.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.results.length === 0 && <p className="p-8 text-center text-sm text-muted">No results match these filters.</p>}
      </div>
      {data && (
        <div className="border-t border-border px-4">
          <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(page) => onChange({ page })} busy={busy} />
        </div>
      )}
    </div>
  );
}
