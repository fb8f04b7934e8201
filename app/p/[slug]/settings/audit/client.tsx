"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { AuditEvent } from "@/lib/db/audit";
import { fetchJson } from "@/lib/query/fetch";
import { queryKeys } from "@/lib/query/keys";

type Page = { events: AuditEvent[]; nextBefore: string | null };

/** Every triage and admin change of the project, newest first, 50 at a time. */
export function AuditClient({ slug, first }: { slug: string; first: Page }) {
  const query = useInfiniteQuery({
    queryKey: queryKeys.audit(slug),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => fetchJson<Page>(`/api/v1/projects/${encodeURIComponent(slug)}/audit?limit=50${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ""}`),
    getNextPageParam: (last) => last.nextBefore,
    initialData: { pages: [first], pageParams: [null] },
  });
  const events = query.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <Card title="Audit log">
      <p className="mb-3 text-sm text-muted">Who changed what, when: triage (status, assignment, notes), settings, tokens, rules, teams, members and deleted runs.</p>
      {events.length === 0 ? (
        <p className="text-sm text-muted" data-testid="audit-empty">Nothing has been changed yet.</p>
      ) : (
        <table className="w-full text-sm" data-testid="audit-log">
          <thead className="text-left text-xs text-muted">
            <tr><th className="py-2 font-medium">When</th><th className="font-medium">Who</th><th className="font-medium">What</th><th className="font-medium">Change</th></tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id} className="border-t border-border align-top">
                <td className="whitespace-nowrap py-1.5 pr-3 text-xs text-muted"><time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time></td>
                <td className="pr-3">{e.actor}</td>
                <td className="pr-3">
                  <code className="text-xs">{e.action}</code>
                  {e.group && <> · <Link className="text-accent hover:underline" href={`/p/${slug}/triage/${e.group.id}`}>{e.group.title.slice(0, 80)}</Link></>}
                </td>
                <td className="text-xs">
                  {e.fromValue || e.toValue ? <>{e.fromValue ?? "—"} → {e.toValue ?? "—"}</> : null}
                  {e.note && <div className="text-muted">{e.note}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage && (
        <Button variant="secondary" className="mt-3" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? "Loading…" : "Load older"}
        </Button>
      )}
      {query.error && <p role="alert" className="mt-2 text-sm text-danger">{query.error.message}</p>}
    </Card>
  );
}
