"use client";

/** "51–100 of 9,870" with previous / next; `onPage` updates the URL. */
export function Pagination({ page, pageSize, total, onPage, busy = false }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; busy?: boolean }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const button = "rounded-md border border-border bg-card px-2.5 py-1 text-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40";
  return (
    <div className="flex items-center justify-between gap-4 px-1 py-3 text-sm text-muted">
      <span className="tabular-nums" data-testid="pagination-range">
        {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of {total.toLocaleString("en-US")}
        {busy && <span className="ml-2 text-xs">Loading…</span>}
      </span>
      <div className="flex items-center gap-2">
        <button type="button" className={button} disabled={page <= 1} onClick={() => onPage(page - 1)}>Previous</button>
        <span className="tabular-nums">Page {page} of {pages}</span>
        <button type="button" className={button} disabled={page >= pages} onClick={() => onPage(page + 1)}>Next</button>
      </div>
    </div>
  );
}
