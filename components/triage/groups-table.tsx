"use client";

import Link from "next/link";
import { Badge, CategoryBadge, GroupStatusBadge } from "@/components/ui/badge";
import type { GroupListItem } from "@/lib/db/triage";
import { formatDateTime, timeAgo } from "@/lib/domain/format";
import { TeamLabel } from "./team-label";

/** The triage queue with a checkbox per row for bulk changes. */
export function GroupsTable({
  slug,
  groups,
  selected,
  onSelect,
  now,
}: {
  slug: string;
  groups: GroupListItem[];
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], checked: boolean) => void;
  now: number;
}) {
  const allChecked = groups.length > 0 && groups.every((g) => selected.has(g.id));
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="groups-table">
        <thead>
          <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
            <th className="w-10 py-2.5 pl-4">
              <input type="checkbox" aria-label="Select all" checked={allChecked} onChange={(e) => onSelect(groups.map((g) => g.id), e.target.checked)} className="size-4 accent-green-600" />
            </th>
            <th className="px-2 py-2.5 font-medium">Failure group</th>
            <th className="px-2 py-2.5 text-right font-medium" title="Distinct tests this group has failed">Tests</th>
            <th className="px-2 py-2.5 text-right font-medium" title="Non-passing results across runs">Occurrences</th>
            <th className="px-2 py-2.5 font-medium">Last seen</th>
            <th className="px-2 py-2.5 font-medium">Team</th>
            <th className="py-2.5 pl-2 pr-4 font-medium">Status</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {groups.map((g) => (
            <tr key={g.id} className={`align-top ${selected.has(g.id) ? "bg-green-50/50" : "hover:bg-slate-50/80"}`} data-testid="group-row">
              <td className="py-3 pl-4">
                <input type="checkbox" aria-label={`Select ${g.title}`} checked={selected.has(g.id)} onChange={(e) => onSelect([g.id], e.target.checked)} className="size-4 accent-green-600" />
              </td>
              <td className="w-full max-w-0 px-2 py-3">
                <div className="flex items-center gap-2">
                  <CategoryBadge category={g.category} />
                  {g.regressed && <Badge tone="red" title="It was fixed or resolved and came back">regressed</Badge>}
                </div>
                <Link href={`/p/${slug}/triage/${g.id}`} className="mt-1 block truncate font-mono text-[13px] text-foreground hover:text-green-700 hover:underline" title={g.title}>
                  {g.title}
                </Link>
                {g.failureType && <div className="truncate text-xs text-muted">{g.failureType}</div>}
              </td>
              <td className="px-2 py-3 text-right font-medium tabular-nums">{g.affectedTests.toLocaleString("en-US")}</td>
              <td className="px-2 py-3 text-right tabular-nums text-muted">{g.occurrences.toLocaleString("en-US")}</td>
              <td className="whitespace-nowrap px-2 py-3 text-muted" title={formatDateTime(g.lastSeenAt)}>{timeAgo(g.lastSeenAt, now)}</td>
              <td className="whitespace-nowrap px-2 py-3"><TeamLabel team={g.assignee} /></td>
              <td className="py-3 pl-2 pr-4"><GroupStatusBadge status={g.status} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
