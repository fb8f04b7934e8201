"use client";

import { useSearchParams } from "next/navigation";
import { useState } from "react";
import { useSearchNavigation } from "@/components/nav/use-search-navigation";
import { GroupsTable } from "@/components/triage/groups-table";
import { Card } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { Select } from "@/components/ui/select";
import { filtersFromSearch, GroupFilters } from "@/lib/domain/filters";
import { plural } from "@/lib/domain/format";
import { CATEGORIES, CATEGORY_LABELS, GROUP_STATUSES, type GroupStatus } from "@/lib/domain/vocabulary";
import { useCan } from "@/components/auth/project-role";
import { groupSearch, useBulkUpdateGroups, useGroupList } from "@/lib/query/triage";

export function TriageClient({ slug, now }: { slug: string; now: number }) {
  const filters = filtersFromSearch(GroupFilters, useSearchParams());
  const navigate = useSearchNavigation();
  const { data, error, isPlaceholderData } = useGroupList(slug, filters);
  const bulk = useBulkUpdateGroups(slug);
  const canTriage = useCan("member");
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const go = (next: Partial<GroupFilters>) => {
    setSelected(new Set());
    navigate(groupSearch({ ...filters, page: 1, ...next }));
  };
  const toggleStatus = (status: GroupStatus) => {
    const has = filters.status.includes(status);
    const next = has ? filters.status.filter((s) => s !== status) : [...filters.status, status];
    go({ status: GROUP_STATUSES.filter((s) => next.includes(s)) });
  };
  const select = (ids: string[], checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (checked) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  const apply = (changes: { status?: GroupStatus; assigneeTeamId?: string | null }) =>
    bulk.mutate({ groupIds: [...selected], ...changes }, { onSuccess: () => setSelected(new Set()) });

  return (
    <main className="mx-auto max-w-7xl px-6 py-8">
      <header>
        <p className="text-sm text-muted">Triage</p>
        <h1 className="text-2xl font-semibold tracking-tight">Failure groups</h1>
        <p className="mt-1 text-sm text-muted">
          {data ? plural(data.total, "group") : "…"}, most impactful first — tests affected, halved for every week since last seen.
        </p>
      </header>

      <div className="mt-6 flex flex-wrap items-center gap-x-5 gap-y-3">
        <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Status">
          {GROUP_STATUSES.map((status) => {
            const active = filters.status.includes(status);
            return (
              <button
                key={status}
                type="button"
                aria-pressed={active}
                onClick={() => toggleStatus(status)}
                className={`rounded-full border px-2.5 py-1 text-xs font-medium transition-colors ${active ? "border-foreground bg-foreground text-background" : "border-border bg-card text-muted hover:text-foreground"}`}
              >
                {status}
              </button>
            );
          })}
        </div>
        <Select label="Cause" value={filters.category ?? ""} onChange={(e) => go({ category: (e.target.value || undefined) as GroupFilters["category"] })} data-testid="category-filter">
          <option value="">All causes</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
        </Select>
        <Select label="Team" value={filters.team ?? ""} onChange={(e) => go({ team: e.target.value || undefined })}>
          <option value="">All teams</option>
          <option value="unassigned">Unassigned</option>
          {data?.teams.map((t) => <option key={t.id} value={t.slug}>{t.name}</option>)}
        </Select>
        <Select label="Branch" value={filters.branch ?? ""} onChange={(e) => go({ branch: e.target.value || undefined })}>
          <option value="">All branches</option>
          {data?.branches.map((b) => <option key={b} value={b}>{b}</option>)}
        </Select>
      </div>

      {canTriage && selected.size > 0 && (
        <div className="sticky top-2 z-20 mt-4 flex flex-wrap items-center gap-3 rounded-xl border border-slate-800 bg-slate-900 px-4 py-2.5 text-sm text-white shadow-lg" data-testid="bulk-bar">
          <span className="font-medium">{plural(selected.size, "group")} selected</span>
          <span className="h-4 w-px bg-slate-700" aria-hidden="true" />
          <label className="flex items-center gap-2 text-white/75">
            Set status
            <select
              value=""
              disabled={bulk.isPending}
              onChange={(e) => e.target.value && apply({ status: e.target.value as GroupStatus })}
              className="rounded-md border border-slate-700 bg-slate-800 px-2 py-1 text-white"
              aria-label="Set status of the selected groups"
            >
              <option value="">Choose…</option>
              {GROUP_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label className="flex items-center gap-2 text-white/75">
            Assign to
            <select
              value=""
              disabled={bulk.isPending}
              onChange={(e) => e.target.value && apply({ assigneeTeamId: e.target.value === "none" ? null : e.target.value })}
              className="rounded-md border border-slate-700 bg-slate-800 px-2 py-1 text-white"
              aria-label="Assign the selected groups to a team"
            >
              <option value="">Choose…</option>
              <option value="none">Nobody</option>
              {data?.teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
            </select>
          </label>
          {bulk.isPending && <span className="text-white/75">Saving…</span>}
          {bulk.error && <span className="text-red-300" role="alert">{bulk.error.message}</span>}
          <button type="button" className="ml-auto rounded-md border border-slate-700 px-3 py-1 hover:bg-slate-800" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}

      {error && <p className="mt-6 text-danger">Could not load failure groups: {error.message}</p>}
      {data && (
        <Card className={`mt-4 p-0! transition-opacity ${isPlaceholderData ? "opacity-60" : ""}`}>
          {data.groups.length === 0 ? (
            <p className="p-10 text-center text-sm text-muted">No failure groups match these filters.</p>
          ) : (
            <>
              <GroupsTable slug={slug} groups={data.groups} selected={selected} onSelect={select} now={now} />
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
