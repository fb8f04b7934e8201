"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useState, useTransition } from "react";
import { createProjectAction, loadDemoAction, type CreateProjectState, type DemoState } from "@/app/onboarding/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ciSnippet } from "./ci-snippet";

export function OnboardingClient({ baseUrl, hasProjects }: { baseUrl: string; hasProjects: boolean }) {
  const [created, createAction, creating] = useActionState<CreateProjectState, FormData>(createProjectAction, { status: "idle" });
  const [demo, setDemo] = useState<DemoState>({ status: "idle" });
  const [loadingDemo, startDemo] = useTransition();
  const router = useRouter();

  const loadDemo = () =>
    startDemo(async () => {
      const result = await loadDemoAction();
      setDemo(result);
      if (result.status === "loaded") router.push(`/p/${result.slug}`);
    });

  return (
    <div className="mt-10 grid gap-6">
      <Card title="See it with demo data">
        <p className="text-sm text-muted">
          Thirty CI runs of the Golden Path integration suite over six weeks: four teams fixing Redis outages, missing
          fixtures, broken imports, mocks that don&apos;t match and test files that were commented out.
        </p>
        <div className="mt-4 flex items-center gap-3">
          <Button onClick={loadDemo} disabled={loadingDemo} data-testid="load-demo">
            {loadingDemo ? "Loading demo data…" : "Load demo data"}
          </Button>
          {demo.status === "error" && <span className="text-sm text-danger" role="alert">{demo.message}</span>}
          {demo.status === "loaded" && <span className="text-sm text-muted">Loaded {demo.runs} runs. Opening the overview…</span>}
        </div>
      </Card>

      <Card title="Create a project">
        {created.status === "created" ? (
          <CreatedProject state={created} baseUrl={baseUrl} />
        ) : (
          <form action={createAction} className="grid gap-4">
            <Field label="Name" name="name" placeholder="Integration tests" error={created.status === "error" ? created.fieldErrors?.name : undefined} required />
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Slug" name="slug" placeholder="derived from the name" error={created.status === "error" ? created.fieldErrors?.slug : undefined} />
              <Field label="Default branch" name="defaultBranch" placeholder="main" />
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="withReportTeams" defaultChecked className="size-4 accent-green-600" />
              Start with four teams owning infrastructure, fixtures &amp; mocks, imports, and commented-out tests
            </label>
            {created.status === "error" && <p className="text-sm text-danger" role="alert">{created.message}</p>}
            <div>
              <Button type="submit" disabled={creating}>{creating ? "Creating…" : "Create project and upload token"}</Button>
            </div>
          </form>
        )}
      </Card>
      {hasProjects && (
        <p className="text-sm text-muted">
          Or <Link className="text-accent underline" href="/">go to your projects</Link>.
        </p>
      )}
    </div>
  );
}

function Field({ label, name, placeholder, error, required }: { label: string; name: string; placeholder?: string; error?: string; required?: boolean }) {
  return (
    <label className="grid gap-1 text-sm">
      <span className="font-medium">{label}</span>
      <input
        name={name}
        placeholder={placeholder}
        required={required}
        aria-invalid={Boolean(error)}
        className="rounded-lg border border-border bg-card px-3 py-2 outline-none focus:border-accent focus:ring-2 focus:ring-green-100 aria-invalid:border-danger"
      />
      {error && <span className="text-xs text-danger">{error}</span>}
    </label>
  );
}

function CreatedProject({ state, baseUrl }: { state: Extract<CreateProjectState, { status: "created" }>; baseUrl: string }) {
  const [copied, setCopied] = useState(false);
  const snippet = ciSnippet(baseUrl);
  return (
    <div className="grid gap-4 text-sm">
      <p>
        <strong>{state.name}</strong> is ready. This upload token is shown <strong>once</strong>: store it as the CI secret{" "}
        <code className="rounded bg-slate-100 px-1">GREENBOARD_TOKEN</code>.
      </p>
      <div className="flex items-center gap-2">
        <code data-testid="new-token" className="flex-1 overflow-x-auto rounded-lg bg-slate-900 px-3 py-2 font-mono text-green-300">{state.token}</code>
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(state.token).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <div>
        <p className="mb-2 font-medium">Add this step after your tests (any CI):</p>
        <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-white/90">{snippet}</pre>
      </div>
      <div>
        <Link className="font-medium text-accent underline" href={`/p/${state.slug}`}>Open the project overview →</Link>
      </div>
    </div>
  );
}
