"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { TeamView } from "@/lib/db/ownership";
import { useDeleteTeam, useSaveTeam, type QueuedOwnershipJob } from "@/lib/query/teams";
import { FIELD } from "./fields";

function TeamForm({ initial, isSaving, submitLabel, onSubmit, onCancel }: {
  initial: { name: string; color: string };
  isSaving: boolean;
  submitLabel: string;
  onSubmit: (team: { name: string; color: string }) => void;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(initial.name);
  const [color, setColor] = useState(initial.color);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit({ name: name.trim(), color });
  };
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={submit}>
      <label className="grid min-w-56 flex-1 gap-1.5 text-sm">
        <span className="font-medium">Team name</span>
        <input className={FIELD} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Team A · Infrastructure" maxLength={100} required />
      </label>
      <label className="grid gap-1.5 text-sm">
        <span className="font-medium">Colour</span>
        <input type="color" className="h-9 w-14 cursor-pointer rounded-lg border border-border bg-card p-1" value={color} onChange={(e) => setColor(e.target.value)} />
      </label>
      <Button type="submit" disabled={isSaving || !name.trim()}>{isSaving ? "Saving…" : submitLabel}</Button>
      {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
    </form>
  );
}

/** The project's teams: name, slug and the colour of their chart series. */
export function TeamsCard({ slug, teams, onJob }: { slug: string; teams: TeamView[]; onJob: (job: QueuedOwnershipJob | null) => void }) {
  const save = useSaveTeam(slug);
  const remove = useDeleteTeam(slug);
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <Card title={`Teams (${teams.length})`}>
      <TeamForm
        key={formKey}
        initial={{ name: "", color: "#0ea5e9" }}
        isSaving={save.isPending && editing === null}
        submitLabel="Add team"
        onSubmit={(team) => save.mutate({ team }, { onSuccess: () => setFormKey((k) => k + 1) })}
      />
      {(save.error ?? remove.error) && <p role="alert" className="mt-2 text-sm text-danger">{(save.error ?? remove.error)?.message}</p>}
      {teams.length === 0 ? (
        <p className="mt-4 text-sm text-muted">No teams yet. Add one, then give it categories or paths below.</p>
      ) : (
        <ul className="mt-4 divide-y divide-border" data-testid="teams-list">
          {teams.map((team) => (
            <li key={team.id} className="py-3 text-sm">
              {editing === team.id ? (
                <TeamForm
                  initial={team}
                  isSaving={save.isPending}
                  submitLabel="Save"
                  onCancel={() => setEditing(null)}
                  onSubmit={(changes) => save.mutate({ id: team.id, team: changes }, { onSuccess: () => setEditing(null) })}
                />
              ) : (
                <div className="flex flex-wrap items-center gap-3">
                  <span className="size-3 rounded-full" style={{ backgroundColor: team.color }} aria-hidden />
                  <span className="font-medium">{team.name}</span>
                  <code className="text-xs text-muted">{team.slug}</code>
                  <span className="flex-1" />
                  <Button type="button" variant="secondary" className="px-2 py-1" onClick={() => setEditing(team.id)}>Edit</Button>
                  <Button
                    type="button"
                    variant="secondary"
                    className="px-2 py-1 hover:text-red-600"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete ${team.name} and its ownership rules? Its failure groups go back to the rules.`)) remove.mutate(team.id, { onSuccess: ({ job }) => onJob(job) });
                    }}
                  >
                    Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
