"use client";

import { useState } from "react";
import { emptyRule, RuleForm, ruleToForm } from "@/components/settings/rule-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { RuleDefinition } from "@/lib/classify";
import type { ProjectRule, TryRuleResponse } from "@/lib/db/rules";
import { CATEGORIES, CATEGORY_LABELS, type Category } from "@/lib/domain/vocabulary";
import { useDeleteRule, useImportAllure, useJob, useReorderRules, useRules, useSaveRule, useTryRule, type QueuedJob, type RuleForm as RuleFormValue } from "@/lib/query/rules";

type Editing = { id?: string; initial: RuleFormValue } | null;

function matchers(rule: Pick<RuleDefinition, "statuses" | "type" | "message" | "trace" | "file" | "testName">): string {
  const parts: string[] = [];
  if (rule.statuses && rule.statuses.length > 0) parts.push(`status ${rule.statuses.join("/")}`);
  if (rule.type) parts.push(`type /${rule.type}/`);
  if (rule.message) parts.push(`message /${rule.message}/`);
  if (rule.trace) parts.push(`trace /${rule.trace}/`);
  if (rule.file) parts.push(`file ${rule.file}`);
  if (rule.testName) parts.push(`name /${rule.testName}/`);
  return parts.join(" · ") || "any failure";
}

export function RulesClient({ slug }: { slug: string }) {
  const { data } = useRules(slug);
  const save = useSaveRule(slug);
  const remove = useDeleteRule(slug);
  const reorder = useReorderRules(slug);
  const tryRule = useTryRule(slug);
  const [editing, setEditing] = useState<Editing>(null);
  const [job, setJob] = useState<QueuedJob | null>(null);
  const rules = data?.rules ?? [];

  const started = ({ job: queued }: { job: QueuedJob }) => setJob(queued);
  const move = (index: number, by: -1 | 1) => {
    const ids = rules.map((r) => r.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + by, 0, moved);
    reorder.mutate(ids, { onSuccess: started });
  };

  return (
    <div className="grid gap-6">
      <p className="text-sm text-muted">
        Rules decide each failure&apos;s category; the first rule that matches wins. The project&apos;s rules run before the default rulebook. Saving a change
        reclassifies open failures in the background.
      </p>
      {job && <JobProgress slug={slug} job={job} onClose={() => setJob(null)} />}

      <Card
        title={`Project rules (${rules.length})`}
        action={
          editing === null && (
            <Button type="button" onClick={() => { tryRule.reset(); save.reset(); setEditing({ initial: emptyRule() }); }}>
              New rule
            </Button>
          )
        }
      >
        {editing && (
          <div className="mb-6 rounded-lg border border-border p-4">
            <h3 className="mb-3 text-sm font-semibold">{editing.id ? "Edit rule" : "New rule"}</h3>
            <RuleForm
              key={editing.id ?? "new"}
              initial={editing.initial}
              isSaving={save.isPending}
              isTrying={tryRule.isPending}
              error={save.error?.message ?? tryRule.error?.message ?? null}
              onCancel={() => setEditing(null)}
              onTry={(rule) => tryRule.mutate({ id: editing.id, rule })}
              onSave={(rule) =>
                save.mutate(
                  { id: editing.id, rule },
                  {
                    onSuccess: (result) => {
                      started(result);
                      setEditing(null);
                      tryRule.reset();
                    },
                  },
                )
              }
            />
            {tryRule.data && <TryResults result={tryRule.data} />}
          </div>
        )}
        {rules.length === 0 ? (
          <p className="text-sm text-muted">No project rules yet: every failure is classified by the default rulebook below.</p>
        ) : (
          <ol className="divide-y divide-border">
            {rules.map((rule, index) => (
              <ProjectRuleRow
                key={rule.id}
                rule={rule}
                isFirst={index === 0}
                isLast={index === rules.length - 1}
                isBusy={reorder.isPending || remove.isPending}
                onUp={() => move(index, -1)}
                onDown={() => move(index, 1)}
                onEdit={() => { tryRule.reset(); save.reset(); setEditing({ id: rule.id, initial: ruleToForm(rule) }); }}
                onDelete={() => {
                  if (window.confirm(`Delete the rule "${rule.name}"? Failures it classified are reclassified.`)) remove.mutate(rule.id, { onSuccess: started });
                }}
              />
            ))}
          </ol>
        )}
        {(reorder.error ?? remove.error) && <p role="alert" className="mt-3 text-sm text-danger">{(reorder.error ?? remove.error)?.message}</p>}
      </Card>

      <AllureCard slug={slug} onImported={started} />

      <Card title={`Default rulebook (${data?.defaults.length ?? 0}, read-only)`}>
        <details>
          <summary className="cursor-pointer text-sm text-muted">Show the default rules, in evaluation order</summary>
          <ol className="mt-3 divide-y divide-border text-sm">
            {data?.defaults.map((rule) => (
              <li key={rule.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
                <Badge>{CATEGORY_LABELS[rule.category]}</Badge>
                <span>{rule.name}</span>
                <code className="text-xs text-muted">{rule.id}</code>
                <span className="w-full truncate font-mono text-xs text-muted" title={matchers(rule)}>{matchers(rule)}</span>
              </li>
            ))}
          </ol>
        </details>
      </Card>
    </div>
  );
}

function ProjectRuleRow({ rule, isFirst, isLast, isBusy, onUp, onDown, onEdit, onDelete }: {
  rule: ProjectRule;
  isFirst: boolean;
  isLast: boolean;
  isBusy: boolean;
  onUp: () => void;
  onDown: () => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <li className="flex flex-wrap items-center gap-3 py-3 text-sm">
      <span className="w-6 text-right tabular-nums text-muted">{rule.position + 1}.</span>
      <Badge>{CATEGORY_LABELS[rule.category]}</Badge>
      <span className={rule.enabled ? "font-medium" : "font-medium text-muted line-through"}>{rule.name}</span>
      <span className="min-w-0 flex-1 truncate font-mono text-xs text-muted" title={matchers({ ...rule, type: rule.type ?? undefined, message: rule.message ?? undefined, trace: rule.trace ?? undefined, file: rule.file ?? undefined, testName: rule.testName ?? undefined })}>
        {matchers({ ...rule, type: rule.type ?? undefined, message: rule.message ?? undefined, trace: rule.trace ?? undefined, file: rule.file ?? undefined, testName: rule.testName ?? undefined })}
      </span>
      <div className="flex gap-1">
        <Button type="button" variant="secondary" className="px-2 py-1" aria-label={`Move ${rule.name} up`} disabled={isFirst || isBusy} onClick={onUp}>↑</Button>
        <Button type="button" variant="secondary" className="px-2 py-1" aria-label={`Move ${rule.name} down`} disabled={isLast || isBusy} onClick={onDown}>↓</Button>
        <Button type="button" variant="secondary" className="px-2 py-1" onClick={onEdit}>Edit</Button>
        <Button type="button" variant="secondary" className="px-2 py-1 hover:text-danger" disabled={isBusy} onClick={onDelete}>Delete</Button>
      </div>
    </li>
  );
}

function TryResults({ result }: { result: TryRuleResponse }) {
  return (
    <div className="mt-4 border-t border-border pt-4 text-sm">
      <p className="font-medium">
        Against {result.examined} recent failure groups ({result.runs} completed runs): the rule matches {result.matched}, saving it would change {result.changed}.
      </p>
      {result.results.length > 0 && (
        <table className="mt-2 w-full text-left text-xs">
          <thead className="text-muted">
            <tr>
              <th className="py-1 pr-3 font-medium">Failure</th>
              <th className="py-1 pr-3 font-medium">Test</th>
              <th className="py-1 pr-3 font-medium">Category</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {result.results.map((r) => (
              <tr key={`${r.groupId ?? r.testKey}:${r.runId}`}>
                <td className="max-w-md truncate py-1 pr-3" title={r.message ?? undefined}>{r.groupTitle ?? r.message ?? "(no message)"}</td>
                <td className="max-w-xs truncate py-1 pr-3 font-mono" title={r.testKey}>{r.testKey}</td>
                <td className="py-1 pr-3 whitespace-nowrap">
                  {r.from.category ? CATEGORY_LABELS[r.from.category] : "—"} → <strong>{CATEGORY_LABELS[r.to.category]}</strong>
                  {!r.matched && <span className="ml-1 text-muted">(no longer matched)</span>}
                  {r.matched && r.from.category === r.to.category && r.to.ruleId !== r.from.ruleId && <span className="ml-1 text-muted">(rule changes)</span>}
                  {r.matched && r.from.category === r.to.category && r.to.ruleId === r.from.ruleId && <span className="ml-1 text-muted">(already)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.truncated && <p className="mt-1 text-xs text-muted">Only the first {result.results.length} are shown.</p>}
    </div>
  );
}

function JobProgress({ slug, job, onClose }: { slug: string; job: QueuedJob; onClose: () => void }) {
  const { data } = useJob(slug, job.id);
  const status = data?.status ?? "queued";
  const percent = data && data.total > 0 ? Math.round((data.progress / data.total) * 100) : status === "done" ? 100 : 0;
  return (
    <div role="status" className="rounded-lg border border-border bg-card p-4 text-sm">
      <div className="flex items-center justify-between gap-3">
        <span>
          Reclassifying open failures: <strong>{status}</strong>
          {data && data.total > 0 && ` — ${data.progress} of ${data.total}`}
          {status === "failed" && data?.error && <span className="text-danger"> ({data.error})</span>}
        </span>
        {(status === "done" || status === "failed") && (
          <button type="button" className="text-muted hover:text-foreground" onClick={onClose}>Dismiss</button>
        )}
      </div>
      <div className="mt-2 h-1.5 overflow-hidden rounded bg-slate-100">
        <div className="h-full bg-accent transition-all" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function AllureCard({ slug, onImported }: { slug: string; onImported: (result: { job: QueuedJob }) => void }) {
  const importAllure = useImportAllure(slug);
  const [text, setText] = useState<string | null>(null);
  const [names, setNames] = useState<string[]>([]);
  const [mapping, setMapping] = useState<Record<string, Category>>({});
  const [mode, setMode] = useState<"append" | "replace">("append");
  const [readError, setReadError] = useState<string | null>(null);
  const exportUrl = `/api/v1/projects/${encodeURIComponent(slug)}/rules/allure?download=1`;

  const onFile = async (file: File | undefined) => {
    setReadError(null);
    importAllure.reset();
    if (!file) return;
    const content = await file.text();
    try {
      const parsed = JSON.parse(content) as unknown;
      const found = Array.isArray(parsed) ? parsed.flatMap((c: unknown) => (c && typeof c === "object" && "name" in c && typeof c.name === "string" ? [c.name] : [])) : [];
      setNames(found);
      setMapping(Object.fromEntries(found.map((name) => [name, "other" as Category])));
    } catch {
      // The server says exactly what is wrong with the file; the mapping just stays empty.
      setNames([]);
    }
    setText(content);
  };

  return (
    <Card title="Allure categories.json">
      <div className="flex flex-wrap gap-3 text-sm">
        <a className="rounded-lg border border-border px-3 py-2 hover:bg-slate-50" href={exportUrl} download="categories.json">Export project rules</a>
        <a className="rounded-lg border border-border px-3 py-2 hover:bg-slate-50" href={`${exportUrl}&defaults=true`} download="categories.json">Export with the default rulebook</a>
      </div>
      <div className="mt-4 grid gap-3 text-sm">
        <label className="grid gap-1">
          <span className="font-medium">Import a categories.json</span>
          <input type="file" accept=".json,application/json" onChange={(e) => void onFile(e.target.files?.[0])} />
        </label>
        {readError && <p className="text-danger">{readError}</p>}
        {text !== null && (
          <>
            {names.length > 0 && (
              <table className="w-full text-left text-xs">
                <thead className="text-muted"><tr><th className="py-1 font-medium">Allure category</th><th className="py-1 font-medium">Greenboard category</th></tr></thead>
                <tbody>
                  {names.map((name) => (
                    <tr key={name}>
                      <td className="py-1 pr-3">{name}</td>
                      <td className="py-1">
                        <select aria-label={`Greenboard category for ${name}`} value={mapping[name] ?? "other"} onChange={(e) => setMapping({ ...mapping, [name]: e.target.value as Category })} className="rounded border border-border bg-card px-2 py-1">
                          {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="flex flex-wrap items-center gap-3">
              <select aria-label="How to import" value={mode} onChange={(e) => setMode(e.target.value as "append" | "replace")} className="rounded-lg border border-border bg-card px-3 py-2">
                <option value="append">Add after the project&apos;s rules</option>
                <option value="replace">Replace the project&apos;s rules</option>
              </select>
              <Button
                type="button"
                disabled={importAllure.isPending}
                onClick={() => importAllure.mutate({ categories: text, mapping, mode }, { onSuccess: (result) => { onImported(result); setText(null); setNames([]); } })}
              >
                {importAllure.isPending ? "Importing…" : "Import"}
              </Button>
            </div>
            {importAllure.error && <p role="alert" className="text-danger">{importAllure.error.message}</p>}
          </>
        )}
      </div>
    </Card>
  );
}
