"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useCan } from "@/components/auth/project-role";
import type { GroupDetail } from "@/lib/db/triage";
import { GROUP_STATUSES, type GroupStatus } from "@/lib/domain/vocabulary";
import { useAddNote, useUpdateGroup } from "@/lib/query/triage";

const STATUS_HINTS: Record<GroupStatus, string> = {
  new: "Not looked at yet",
  investigating: "Someone is on it",
  fixed: "A fix has landed; reopens if it fails again",
  resolved: "Gone for several runs",
  expected: "Intentional failure exposing a real issue — still counted as failing",
  ignored: "Not worth fixing",
};

const field = "w-full rounded-lg border border-border bg-card px-2.5 py-1.5 text-sm shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20";

/** Status, assignee, issue link and notes of one group; every change lands in the audit trail. */
export function GroupControls({ slug, detail }: { slug: string; detail: GroupDetail }) {
  const { group, teams } = detail;
  const update = useUpdateGroup(slug, group.id);
  const addNote = useAddNote(slug, group.id);
  const [issue, setIssue] = useState(group.externalIssueUrl ?? "");
  const [note, setNote] = useState("");
  const canTriage = useCan("member");

  const saveIssue = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ externalIssueUrl: issue.trim() || null });
  };
  const submitNote = (e: FormEvent) => {
    e.preventDefault();
    if (note.trim()) addNote.mutate(note.trim(), { onSuccess: () => setNote("") });
  };

  if (!canTriage) {
    return (
      <dl className="grid gap-3 text-sm" data-testid="group-readonly">
        <div><dt className="font-medium">Status</dt><dd data-testid="group-status-readonly">{group.status} <span className="text-xs text-muted">· {STATUS_HINTS[group.status]}</span></dd></div>
        <div><dt className="font-medium">Assignee team</dt><dd>{group.assignee?.name ?? "Unassigned"}</dd></div>
        {group.externalIssueUrl && (
          <div><dt className="font-medium">External issue</dt><dd><a href={group.externalIssueUrl} target="_blank" rel="noreferrer" className="text-green-700 hover:underline">{group.externalIssueUrl} ↗</a></dd></div>
        )}
        <p className="text-xs text-muted">You are a viewer of this project: members change status, assignment and notes.</p>
      </dl>
    );
  }

  return (
    <div className="grid gap-5">
      <label className="grid gap-1.5 text-sm">
        <span className="font-medium">Status</span>
        <select className={field} value={group.status} disabled={update.isPending} onChange={(e) => update.mutate({ status: e.target.value as GroupStatus })} data-testid="group-status">
          {GROUP_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <span className="text-xs text-muted">{STATUS_HINTS[group.status]}</span>
      </label>
      <label className="grid gap-1.5 text-sm">
        <span className="font-medium">Assignee team</span>
        <select
          className={field}
          value={group.assignee?.id ?? ""}
          disabled={update.isPending}
          onChange={(e) => update.mutate({ assigneeTeamId: e.target.value || null })}
          data-testid="group-team"
        >
          <option value="">Unassigned</option>
          {teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </select>
        {group.assignedManually ? (
          <span className="flex flex-wrap items-center gap-x-2 text-xs text-muted" data-testid="assignment-source">
            Assigned by hand: kept when ownership rules change.
            <button type="button" className="text-green-700 hover:underline disabled:text-muted" disabled={update.isPending} onClick={() => update.mutate({ assignedManually: false })}>
              Use the ownership rules
            </button>
          </span>
        ) : (
          <span className="text-xs text-muted" data-testid="assignment-source">From the ownership rules (the team owning its cause, else its tests&apos; paths)</span>
        )}
      </label>
      <form onSubmit={saveIssue} className="grid gap-1.5 text-sm">
        <label htmlFor="issue-url" className="font-medium">External issue</label>
        <div className="flex gap-2">
          <input id="issue-url" type="url" className={field} placeholder="https://github.com/org/repo/issues/123" value={issue} onChange={(e) => setIssue(e.target.value)} />
          <Button type="submit" variant="secondary" className="px-3! py-1.5!" disabled={update.isPending || issue.trim() === (group.externalIssueUrl ?? "")}>
            Save
          </Button>
        </div>
        {group.externalIssueUrl && (
          <a href={group.externalIssueUrl} target="_blank" rel="noreferrer" className="truncate text-xs text-green-700 hover:underline">{group.externalIssueUrl} ↗</a>
        )}
      </form>
      {update.error && <p className="text-sm text-danger" role="alert">{update.error.message}</p>}
      <form onSubmit={submitNote} className="grid gap-2 border-t border-border pt-5 text-sm">
        <label htmlFor="note" className="font-medium">Add a note</label>
        <textarea id="note" rows={3} className={field} placeholder="What did you find?" value={note} onChange={(e) => setNote(e.target.value)} />
        <div className="flex items-center justify-between gap-2">
          <span className="text-xs text-muted">Posted under your name, in the audit trail</span>
          <Button type="submit" disabled={addNote.isPending || !note.trim()}>{addNote.isPending ? "Posting…" : "Post note"}</Button>
        </div>
        {addNote.error && <p className="text-sm text-danger" role="alert">{addNote.error.message}</p>}
      </form>
    </div>
  );
}
