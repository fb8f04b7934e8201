"use client";

import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { OwnershipRuleView, TeamView } from "@/lib/db/ownership";
import { CATEGORIES, CATEGORY_LABELS, type Category } from "@/lib/domain/vocabulary";
import { useDeleteOwnershipRule, useReorderOwnershipRules, useSaveOwnershipRule, type QueuedOwnershipJob } from "@/lib/query/teams";
import { FIELD } from "./fields";

const NO_OWNER = "";

function TeamName({ teams, teamId }: { teams: TeamView[]; teamId: string | null }) {
  const team = teams.find((t) => t.id === teamId);
  if (!team) return <span className="text-muted">no owner</span>;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="size-2.5 rounded-full" style={{ backgroundColor: team.color }} aria-hidden />
      {team.name}
    </span>
  );
}

function TeamSelect({ teams, value, onChange, allowNone, label }: { teams: TeamView[]; value: string; onChange: (v: string) => void; allowNone: boolean; label: string }) {
  return (
    <select aria-label={label} className={FIELD} value={value} onChange={(e) => onChange(e.target.value)} required={!allowNone}>
      {allowNone ? <option value={NO_OWNER}>No owner (un-owns these paths)</option> : <option value="" disabled>Choose a team</option>}
      {teams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
    </select>
  );
}

type Draft = { kind: "category"; category: Category; teamId: string } | { kind: "path"; pattern: string; teamId: string };

function RuleForm({ teams, initial, isSaving, onSave, onCancel, isNew }: {
  teams: TeamView[];
  initial: Draft;
  isSaving: boolean;
  isNew: boolean;
  onSave: (draft: Draft) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSave(draft);
  };
  return (
    <form className="flex flex-wrap items-end gap-3" onSubmit={submit} data-testid={isNew ? "new-ownership-rule" : "edit-ownership-rule"}>
      {isNew && (
        <label className="grid gap-1.5 text-sm">
          <span className="font-medium">Kind</span>
          <select
            className={FIELD}
            value={draft.kind}
            onChange={(e) => setDraft(e.target.value === "category" ? { kind: "category", category: "infrastructure", teamId: draft.teamId } : { kind: "path", pattern: "", teamId: draft.teamId })}
          >
            <option value="path">Path rule</option>
            <option value="category">Category rule</option>
          </select>
        </label>
      )}
      {draft.kind === "category" ? (
        <label className="grid gap-1.5 text-sm">
          <span className="font-medium">Category</span>
          <select className={FIELD} value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value as Category })}>
            {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
          </select>
        </label>
      ) : (
        <label className="grid min-w-64 flex-1 gap-1.5 text-sm">
          <span className="font-medium">Pattern</span>
          <input className={`${FIELD} font-mono`} value={draft.pattern} onChange={(e) => setDraft({ ...draft, pattern: e.target.value })} placeholder="/tests/integration/ or *_websocket_test.py" required />
        </label>
      )}
      <label className="grid gap-1.5 text-sm">
        <span className="font-medium">Team</span>
        <TeamSelect teams={teams} label="Team" value={draft.teamId} allowNone={draft.kind === "path"} onChange={(teamId) => setDraft({ ...draft, teamId })} />
      </label>
      <Button type="submit" disabled={isSaving || (draft.kind === "path" ? !draft.pattern.trim() : !draft.teamId)}>{isSaving ? "Saving…" : isNew ? "Add rule" : "Save"}</Button>
      {onCancel && <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>}
    </form>
  );
}

function toDraft(rule: OwnershipRuleView): Draft {
  return rule.kind === "category" ? { kind: "category", category: rule.category, teamId: rule.teamId ?? "" } : { kind: "path", pattern: rule.pattern, teamId: rule.teamId ?? NO_OWNER };
}

/** Ordered ownership rules, category rules and path rules each in their own list, with the precedence in words. */
export function OwnershipRulesCard({ slug, teams, rules, precedence, onJob }: {
  slug: string;
  teams: TeamView[];
  rules: OwnershipRuleView[];
  precedence: readonly string[];
  onJob: (job: QueuedOwnershipJob | null) => void;
}) {
  const save = useSaveOwnershipRule(slug);
  const remove = useDeleteOwnershipRule(slug);
  const reorder = useReorderOwnershipRules(slug);
  const [editing, setEditing] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const started = ({ job }: { job: QueuedOwnershipJob | null }) => onJob(job);
  const busy = save.isPending || remove.isPending || reorder.isPending;

  // Up/down moves a rule past the previous/next rule of its own kind; the order sent is the whole list.
  const move = (rule: OwnershipRuleView, by: -1 | 1) => {
    const ids = rules.map((r) => r.id);
    const sameKind = rules.filter((r) => r.kind === rule.kind);
    const other = sameKind[sameKind.findIndex((r) => r.id === rule.id) + by];
    if (!other) return;
    const a = ids.indexOf(rule.id);
    const b = ids.indexOf(other.id);
    [ids[a], ids[b]] = [other.id, rule.id];
    reorder.mutate(ids, { onSuccess: started });
  };

  const saveDraft = (draft: Draft, id?: string) => {
    const teamId = draft.teamId === NO_OWNER ? null : draft.teamId;
    const rule = id
      ? draft.kind === "category" ? { category: draft.category, teamId } : { pattern: draft.pattern.trim(), teamId }
      : draft.kind === "category" ? { kind: "category" as const, category: draft.category, teamId: draft.teamId } : { kind: "path" as const, pattern: draft.pattern.trim(), teamId };
    save.mutate({ id, rule }, { onSuccess: (result) => { started(result); if (id) setEditing(null); else setFormKey((k) => k + 1); } });
  };

  const section = (kind: "category" | "path", title: string, empty: string) => {
    const list = rules.filter((r) => r.kind === kind);
    return (
      <div className="mt-5">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-muted">{title}</h3>
        {list.length === 0 ? (
          <p className="mt-2 text-sm text-muted">{empty}</p>
        ) : (
          <ol className="mt-1 divide-y divide-border" data-testid={`${kind}-rules`}>
            {list.map((rule, index) => (
              <li key={rule.id} className="py-2.5 text-sm">
                {editing === rule.id ? (
                  <RuleForm teams={teams} initial={toDraft(rule)} isNew={false} isSaving={save.isPending} onCancel={() => setEditing(null)} onSave={(draft) => saveDraft(draft, rule.id)} />
                ) : (
                  <div className="flex flex-wrap items-center gap-3">
                    <span className="w-6 text-right tabular-nums text-muted">{index + 1}.</span>
                    {rule.kind === "category" ? <Badge>{CATEGORY_LABELS[rule.category]}</Badge> : <code className="font-mono text-xs">{rule.pattern}</code>}
                    <span className="text-muted">→</span>
                    <TeamName teams={teams} teamId={rule.teamId} />
                    {rule.source && <span className="text-xs text-muted">({rule.source})</span>}
                    <span className="flex-1" />
                    <div className="flex gap-1">
                      <Button type="button" variant="secondary" className="px-2 py-1" aria-label={`Move ${rule.pattern ?? rule.category} up`} disabled={index === 0 || busy} onClick={() => move(rule, -1)}>↑</Button>
                      <Button type="button" variant="secondary" className="px-2 py-1" aria-label={`Move ${rule.pattern ?? rule.category} down`} disabled={index === list.length - 1 || busy} onClick={() => move(rule, 1)}>↓</Button>
                      <Button type="button" variant="secondary" className="px-2 py-1" onClick={() => setEditing(rule.id)}>Edit</Button>
                      <Button type="button" variant="secondary" className="px-2 py-1 hover:text-red-600" disabled={busy} onClick={() => remove.mutate(rule.id, { onSuccess: started })}>Delete</Button>
                    </div>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    );
  };

  return (
    <Card title={`Ownership rules (${rules.length})`}>
      <div className="rounded-lg bg-slate-50 p-3 text-sm" data-testid="ownership-precedence">
        <p className="font-medium">Who a failure group is assigned to</p>
        <ol className="mt-1 list-decimal pl-5 text-muted">
          {precedence.map((line) => <li key={line}>{line}</li>)}
        </ol>
        <p className="mt-2 text-muted">
          Path patterns use CODEOWNERS syntax, matched against each test&apos;s file and its classname read as a path (<code>a.b.TestC</code> → <code>a/b/TestC</code>):
          <code> /src/</code> is anchored at the root, <code>docs/</code> matches a directory anywhere, <code>*</code> stays within a directory, <code>**</code> crosses them.
          A team&apos;s pass rate counts the tests it owns by path plus every test whose failure was assigned to it.
        </p>
      </div>
      <div className="mt-4 rounded-lg border border-border p-4">
        <RuleForm key={formKey} teams={teams} initial={{ kind: "path", pattern: "", teamId: NO_OWNER }} isNew isSaving={save.isPending && editing === null} onSave={(draft) => saveDraft(draft)} />
      </div>
      {(save.error ?? remove.error ?? reorder.error) && <p role="alert" className="mt-2 text-sm text-danger">{(save.error ?? remove.error ?? reorder.error)?.message}</p>}
      {section("category", "Category rules (checked first)", "No category rules: failures are assigned by path only.")}
      {section("path", "Path rules (first match wins)", "No path rules: teams own categories only.")}
    </Card>
  );
}
