"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { AdminChanges } from "@/components/settings/admin-changes";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { ProjectSettings, ProjectSettingsChanges } from "@/lib/db/admin";
import { useProjectSettings, useUpdateProject } from "@/lib/query/settings";

const inputClass =
  "rounded-lg border border-border bg-card px-3 py-2 text-sm shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20";

function Field({ label, hint, htmlFor, children }: { label: string; hint: string; htmlFor: string; children: ReactNode }) {
  return (
    <div className="grid gap-1.5 py-4 sm:grid-cols-[14rem_1fr] sm:gap-6">
      <div>
        <label htmlFor={htmlFor} className="text-sm font-medium">{label}</label>
        <p className="mt-0.5 text-xs text-muted">{hint}</p>
      </div>
      <div className="max-w-sm">{children}</div>
    </div>
  );
}

type Form = { name: string; defaultBranch: string; target: string; missingTestWindow: string; runIdleTimeoutMinutes: string };

const formOf = (p: ProjectSettings["project"]): Form => ({
  name: p.name,
  defaultBranch: p.defaultBranch,
  target: String(Math.round(p.passRateTarget * 1000) / 10),
  missingTestWindow: String(p.missingTestWindow),
  runIdleTimeoutMinutes: String(p.runIdleTimeoutMinutes),
});

/** Only the fields that differ from what is stored; numbers as the API wants them (target as a fraction). */
function changesOf(form: Form, p: ProjectSettings["project"]): ProjectSettingsChanges {
  const changes: ProjectSettingsChanges = {};
  if (form.name.trim() !== p.name) changes.name = form.name;
  if (form.defaultBranch.trim() !== p.defaultBranch) changes.defaultBranch = form.defaultBranch;
  const target = Math.round(Number(form.target) * 10) / 1000;
  if (target !== p.passRateTarget) changes.passRateTarget = target;
  if (Number(form.missingTestWindow) !== p.missingTestWindow) changes.missingTestWindow = Number(form.missingTestWindow);
  if (Number(form.runIdleTimeoutMinutes) !== p.runIdleTimeoutMinutes) changes.runIdleTimeoutMinutes = Number(form.runIdleTimeoutMinutes);
  return changes;
}

function SettingsForm({ slug, project }: { slug: string; project: ProjectSettings["project"] }) {
  const router = useRouter();
  const update = useUpdateProject(slug);
  const [form, setForm] = useState<Form>(() => formOf(project));
  const [saved, setSaved] = useState(false);
  const changes = changesOf(form, project);
  const dirty = Object.keys(changes).length > 0;
  const set = (field: keyof Form) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setSaved(false);
    setForm({ ...form, [field]: e.target.value });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate(changes, {
          onSuccess: () => {
            setSaved(true);
            // The sidebar's project switcher shows the name: re-render the server layout.
            router.refresh();
          },
        });
      }}
      data-testid="settings-form"
    >
      <div className="divide-y divide-border">
        <Field label="Name" hint="Shown in the sidebar and page titles." htmlFor="settings-name">
          <input id="settings-name" value={form.name} onChange={set("name")} required maxLength={100} className={`${inputClass} w-full`} />
        </Field>
        <Field label="Default branch" hint="The branch the overview, flaky tests and test pages open on." htmlFor="settings-branch">
          <input id="settings-branch" value={form.defaultBranch} onChange={set("defaultBranch")} required maxLength={200} className={`${inputClass} w-full font-mono`} />
        </Field>
        <Field label="Pass-rate target" hint="The overview's target line and the ETA projection aim at it." htmlFor="settings-target">
          <div className="relative w-32">
            <input id="settings-target" type="number" min={0.1} max={100} step={0.1} value={form.target} onChange={set("target")} required className={`${inputClass} w-full pr-8 tabular-nums`} />
            <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-muted">%</span>
          </div>
        </Field>
        <Field label="Missing-test window" hint="How many recent completed runs on a branch define the tests a run should report." htmlFor="settings-window">
          <div className="flex items-center gap-2">
            <input id="settings-window" type="number" min={1} max={100} step={1} value={form.missingTestWindow} onChange={set("missingTestWindow")} required className={`${inputClass} w-24 tabular-nums`} />
            <span className="text-sm text-muted">runs</span>
          </div>
        </Field>
        <Field label="Run idle timeout" hint="An open run with no upload for this long is completed automatically." htmlFor="settings-idle">
          <div className="flex items-center gap-2">
            <input id="settings-idle" type="number" min={1} max={10080} step={1} value={form.runIdleTimeoutMinutes} onChange={set("runIdleTimeoutMinutes")} required className={`${inputClass} w-24 tabular-nums`} />
            <span className="text-sm text-muted">minutes</span>
          </div>
        </Field>
      </div>
      <div className="mt-2 flex items-center justify-end gap-3 border-t border-border pt-4">
        {update.error && <p role="alert" className="text-sm text-danger">{update.error.message}</p>}
        {saved && !dirty && <p className="text-sm text-green-700" role="status" data-testid="settings-saved">Saved</p>}
        <Button type="button" variant="secondary" disabled={!dirty || update.isPending} onClick={() => setForm(formOf(project))}>Reset</Button>
        <Button type="submit" disabled={!dirty || update.isPending}>{update.isPending ? "Saving…" : "Save changes"}</Button>
      </div>
    </form>
  );
}

export function GeneralSettingsClient({ slug, now }: { slug: string; now: number }) {
  const { data, error } = useProjectSettings(slug);
  if (error) return <p className="text-danger">Could not load the settings: {error.message}</p>;
  if (!data) return <p className="text-muted">Loading…</p>;
  return (
    <div className="grid gap-6">
      <Card title="General">
        <SettingsForm slug={slug} project={data.project} />
      </Card>
      <Card title="Recent admin changes" action={<span className="text-xs text-muted">settings, tokens, deleted runs</span>}>
        <AdminChanges events={data.events} now={now} />
      </Card>
    </div>
  );
}
