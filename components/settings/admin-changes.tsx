import type { AdminEvent } from "@/lib/db/admin";
import { formatDateTime, timeAgo } from "@/lib/domain/format";

const FIELD_LABELS: Record<string, string> = {
  name: "name",
  defaultBranch: "default branch",
  passRateTarget: "pass-rate target",
  missingTestWindow: "missing-test window",
  runIdleTimeoutMinutes: "run idle timeout",
};

function value(field: string | null, v: string | null) {
  if (v === null) return "—";
  if (field === "passRateTarget") return `${Math.round(Number(v) * 1000) / 10} %`;
  if (field === "runIdleTimeoutMinutes") return `${v} min`;
  if (field === "missingTestWindow") return `${v} runs`;
  return v;
}

function describe(e: AdminEvent) {
  const strong = (text: string) => <span className="font-medium text-foreground">{text}</span>;
  switch (e.action) {
    case "project.update":
      return <>changed the {FIELD_LABELS[e.note ?? ""] ?? e.note} from {strong(value(e.note, e.fromValue))} to {strong(value(e.note, e.toValue))}</>;
    case "token.create":
      return <>created the token {strong(e.toValue ?? "")}</>;
    case "token.revoke":
      return <>revoked the token {strong(e.fromValue ?? "")}</>;
    case "run.delete":
      return <>deleted the run {strong(e.fromValue ?? "")}{e.note ? ` ${e.note}` : ""}</>;
    default:
      return <>{e.action}</>;
  }
}

/** The project's recent admin changes (settings, tokens, deleted runs), newest first. */
export function AdminChanges({ events, now }: { events: AdminEvent[]; now: number }) {
  if (events.length === 0) return <p className="text-sm text-muted">No admin changes yet.</p>;
  return (
    <ol className="divide-y divide-border" data-testid="admin-changes">
      {events.map((e) => (
        <li key={e.id} className="flex items-baseline justify-between gap-4 py-2 text-sm" data-action={e.action}>
          <p className="min-w-0 text-muted"><span className="font-medium text-foreground">{e.actor}</span> {describe(e)}</p>
          <span className="shrink-0 text-xs text-muted" title={formatDateTime(e.createdAt)}>{timeAgo(e.createdAt, now)}</span>
        </li>
      ))}
    </ol>
  );
}
