"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ProjectRule } from "@/lib/db/rules";
import { CATEGORIES, CATEGORY_LABELS, type Category } from "@/lib/domain/vocabulary";
import type { RuleForm as RuleFormValue } from "@/lib/query/rules";

const STATUSES = ["failed", "error", "skipped", "missing"] as const;
const TEXT_FIELDS = [
  { key: "type", label: "Failure type (regex)", placeholder: "AssertionError|ConnectionError" },
  { key: "message", label: "Message (regex)", placeholder: "connection refused" },
  { key: "trace", label: "Trace (regex)", placeholder: "redis\\.exceptions" },
  { key: "file", label: "Test file (glob)", placeholder: "tests/integration/**" },
  { key: "testName", label: "Test name (regex)", placeholder: "^test_db_" },
] as const;

type TextKey = (typeof TEXT_FIELDS)[number]["key"];

export function emptyRule(): RuleFormValue {
  return { name: "", category: "infrastructure", statuses: [], type: "", message: "", trace: "", file: "", testName: "" };
}

export function ruleToForm(rule: ProjectRule): RuleFormValue {
  const { name, category, statuses, type, message, trace, file, testName, enabled, caseSensitive, dotAll } = rule;
  return { name, category, statuses, type: type ?? "", message: message ?? "", trace: trace ?? "", file: file ?? "", testName: testName ?? "", enabled, caseSensitive, dotAll };
}

/** The create/edit form: every matcher that is filled in must match; empty ones match anything. */
export function RuleForm({
  initial,
  isSaving,
  isTrying,
  error,
  onSave,
  onTry,
  onCancel,
}: {
  initial: RuleFormValue;
  isSaving: boolean;
  isTrying: boolean;
  error: string | null;
  onSave: (rule: RuleFormValue) => void;
  onTry: (rule: RuleFormValue) => void;
  onCancel: () => void;
}) {
  const [rule, setRule] = useState<RuleFormValue>(initial);
  const set = (changes: Partial<RuleFormValue>) => setRule((current) => ({ ...current, ...changes }));
  const toggleStatus = (status: (typeof STATUSES)[number]) =>
    set({ statuses: rule.statuses.includes(status) ? rule.statuses.filter((s) => s !== status) : [...rule.statuses, status] });
  return (
    <form
      className="grid gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        onSave(rule);
      }}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Name</span>
          <input required value={rule.name} onChange={(e) => set({ name: e.target.value })} className="rounded-lg border border-border px-3 py-2" />
        </label>
        <label className="grid gap-1 text-sm">
          <span className="font-medium">Category</span>
          <select value={rule.category} onChange={(e) => set({ category: e.target.value as Category })} className="rounded-lg border border-border bg-card px-3 py-2">
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {CATEGORY_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="text-sm">
        <legend className="font-medium">Statuses (none: any non-passing)</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {STATUSES.map((status) => (
            <label key={status} className="flex items-center gap-1.5">
              <input type="checkbox" checked={rule.statuses.includes(status)} onChange={() => toggleStatus(status)} />
              {status}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        {TEXT_FIELDS.map((field) => (
          <label key={field.key} className="grid gap-1 text-sm">
            <span className="font-medium">{field.label}</span>
            <input
              value={rule[field.key as TextKey] ?? ""}
              placeholder={field.placeholder}
              onChange={(e) => set({ [field.key]: e.target.value })}
              className="rounded-lg border border-border px-3 py-2 font-mono text-xs"
            />
          </label>
        ))}
      </div>
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={rule.enabled ?? true} onChange={(e) => set({ enabled: e.target.checked })} />
          Enabled
        </label>
        <label className="flex items-center gap-1.5">
          <input type="checkbox" checked={rule.caseSensitive ?? false} onChange={(e) => set({ caseSensitive: e.target.checked })} />
          Case-sensitive
        </label>
      </div>
      {error && (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={isSaving}>
          {isSaving ? "Saving…" : "Save rule"}
        </Button>
        <Button type="button" variant="secondary" disabled={isTrying} onClick={() => onTry(rule)}>
          {isTrying ? "Trying…" : "Try against recent failures"}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
