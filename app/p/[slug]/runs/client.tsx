"use client";

import { useSearchParams } from "next/navigation";
import { useSearchNavigation } from "@/components/nav/use-search-navigation";
import { RunsTable } from "@/components/runs/runs-table";
import { Card } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { filtersFromSearch, RunListFilters, searchOf } from "@/lib/domain/filters";
import { plural } from "@/lib/domain/format";
import { useRunList } from "@/lib/query/runs";

export function RunsClient({ slug, now }: { slug: string; now: number }) {
  const filters = filtersFromSearch(RunListFilters, useSearchParams());
  const navigate = useSearchNavigation();
  const { data, error, isPlaceholderData } = useRunList(slug, filters);
  const go = (next: Partial<RunListFilters>) => navigate(searchOf({ ...filters, ...next }, { page: 1 }));

  return (
    <main className="mx-auto max-w-7xl px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-muted">Runs</p>
          <h1 className="text-2xl font-semibold tracking-tight">CI runs</h1>
          {data && <p className="mt-1 text-sm text-muted">{plural(data.total, "run")}{filters.branch ? ` on ${filters.branch}` : ""}, newest first</p>}
        </div>
        <Select label="Branch" value={filters.branch ?? ""} onChange={(e) => go({ branch: e.target.value || undefined, page: 1 })} data-testid="branch-filter">
          <option value="">All branches</option>
          {[...new Set([...(data?.branches ?? []), ...(filters.branch ? [filters.branch] : [])])].map((b) => (
            <option key={b} value={b}>{b}</option>
          ))}
        </Select>
      </header>

      {error && <p className="mt-6 text-danger" role="alert">Could not load runs: {error.message}</p>}
      {!data && !error && (
        <div className="mt-6 h-96 animate-pulse rounded-xl border border-border bg-card" role="status" aria-label="Loading runs" />
      )}
      {data && (
        <Card className={`mt-6 p-0! transition-opacity ${isPlaceholderData ? "opacity-60" : ""}`}>
          {data.runs.length === 0 ? (
            <p className="p-8 text-center text-sm text-muted">
              No runs{filters.branch ? ` on ${filters.branch}` : ""} yet. Upload a JUnit report from CI to see it here.
            </p>
          ) : (
            <>
              <RunsTable slug={slug} runs={data.runs} now={now} />
              <div className="border-t border-border px-4">
                <Pagination page={data.page} pageSize={data.pageSize} total={data.total} onPage={(page) => go({ page })} busy={isPlaceholderData} />
              </div>
            </>
          )}
        </Card>
      )}
    </main>
  );
}
