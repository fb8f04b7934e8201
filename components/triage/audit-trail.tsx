import type { TriageEventItem } from "@/lib/db/triage";
import { formatDateTime, timeAgo } from "@/lib/domain/format";

function describe(e: TriageEventItem) {
  const value = (v: string | null) => <span className="font-medium text-foreground">{v ?? "nobody"}</span>;
  switch (e.action) {
    case "status":
      return <>changed status from {value(e.fromValue)} to {value(e.toValue)}</>;
    case "assign":
      return <>assigned it to {value(e.toValue)}{e.fromValue ? <> (was {e.fromValue})</> : null}</>;
    case "issue-link":
      return e.toValue ? (
        <>linked <a href={e.toValue} target="_blank" rel="noreferrer" className="font-medium text-green-700 hover:underline">{e.toValue}</a></>
      ) : (
        <>removed the issue link</>
      );
    case "note":
      return <>added a note</>;
    default:
      return <>{e.action} {e.fromValue ?? ""} → {e.toValue ?? ""}</>;
  }
}

/** Every change to the group, newest first. */
export function AuditTrail({ events, now }: { events: TriageEventItem[]; now: number }) {
  if (events.length === 0) return <p className="text-sm text-muted">No changes yet.</p>;
  return (
    <ol className="relative grid gap-4 border-l border-border pl-5" data-testid="audit-trail">
      {events.map((e) => (
        <li key={e.id} className="relative text-sm" data-action={e.action}>
          <span className={`absolute -left-[1.625rem] top-1 size-2.5 rounded-full ring-4 ring-card ${e.action === "note" ? "bg-slate-400" : "bg-green-500"}`} aria-hidden="true" />
          <p className="text-muted">
            <span className="font-medium text-foreground">{e.actor}</span> {describe(e)}
            <span className="ml-2 text-xs" title={formatDateTime(e.createdAt)}>{timeAgo(e.createdAt, now)}</span>
          </p>
          {e.note && <p className="mt-1.5 whitespace-pre-wrap rounded-lg border border-border bg-slate-50 px-3 py-2 text-foreground">{e.note}</p>}
        </li>
      ))}
    </ol>
  );
}
