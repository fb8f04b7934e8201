"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useSearchNavigation } from "@/components/nav/use-search-navigation";
import { RunStatusBadge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import type { RunListItem } from "@/lib/db/runs";
import { filtersFromSearch, RunListFilters, searchOf } from "@/lib/domain/filters";
import { formatDateTime, formatPercent, plural, timeAgo } from "@/lib/domain/format";
import { useRunList } from "@/lib/query/runs";
import { useDeleteProject, useDeleteRun } from "@/lib/query/settings";

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl border border-red-200 bg-card shadow-sm">
      <header className="border-b border-red-100 px-5 py-4">
        <h2 className="text-sm font-semibold text-red-700">{title}</h2>
        <p className="mt-1 text-sm text-muted">{description}</p>
      </header>
      {children}
    </section>
  );
}

export function DangerZoneClient({ slug, now }: { slug: string; now: number }) {
  const router = useRouter();
  const filters = filtersFromSearch(RunListFilters, useSearchParams());
  const navigate = useSearchNavigation();
  const runs = useRunList(slug, filters);
  const deleteRun = useDeleteRun(slug);
  const deleteProject = useDeleteProject(slug);
  const [target, setTarget] = useState<RunListItem | null>(null);
  const [deletingProject, setDeletingProject] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="grid gap-6">
      <Section title="Delete a run" description="Removes the run's uploads, results and figures. Failure groups seen only in that run are deleted too; the others are recounted. Use it for an upload that went to the wrong project or a broken CI run.">
        {notice && <p className="border-b border-border bg-green-50 px-5 py-2.5 text-sm text-green-800" role="status" data-testid="delete-notice">{notice}</p>}
        {runs.error && <p className="p-5 text-danger">Could not load runs: {runs.error.message}</p>}
        {runs.data && runs.data.runs.length === 0 && <p className="p-8 text-center text-sm text-muted">No runs in this project.</p>}
        {runs.data && runs.data.runs.length > 0 && (
          <>
            <ul className={`divide-y divide-border transition-opacity ${runs.isPlaceholderData ? "opacity-60" : ""}`} data-testid="danger-runs">
              {runs.data.runs.map((run) => (
                <li key={run.id} className="flex items-center justify-between gap-4 px-5 py-2.5" data-testid="danger-run" data-run-key={run.runKey}>
                  <div className="flex min-w-0 items-center gap-3">
                    <span className="font-medium">{run.runKey}</span>
                    {run.status === "open" && <RunStatusBadge status="open" />}
                    {run.branch && <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-foreground">{run.branch}</span>}
                    <span className="truncate text-xs text-muted" title={formatDateTime(run.startedAt)}>
                      {timeAgo(run.startedAt, now)} · {plural(run.tests, "test")} · {formatPercent(run.passRate)}
                    </span>
                  </div>
                  <button
                    type="button"
                    onClick={() => {
                      deleteRun.reset();
                      setTarget(run);
                    }}
                    className="shrink-0 rounded-md border border-red-200 px-2.5 py-1 text-sm font-medium text-danger hover:bg-red-50"
                  >
                    Delete…
                  </button>
                </li>
              ))}
            </ul>
            <div className="border-t border-border px-4">
              <Pagination page={runs.data.page} pageSize={runs.data.pageSize} total={runs.data.total} onPage={(page) => navigate(searchOf({ ...filters, page }, { page: 1 }))} busy={runs.isPlaceholderData} />
            </div>
          </>
        )}
      </Section>

      <Section title="Delete this project" description="Deletes the project with all its runs, results, failure groups, notes, rules, teams and tokens. There is no undo.">
        <div className="flex justify-end px-5 py-4">
          <button
            type="button"
            onClick={() => setDeletingProject(true)}
            className="rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white hover:brightness-110"
            data-testid="delete-project"
          >
            Delete project…
          </button>
        </div>
      </Section>

      <ConfirmDialog
        open={target !== null}
        title={`Delete run ${target?.runKey ?? ""}?`}
        expected={target?.runKey ?? ""}
        what="run key"
        action="Delete run"
        busy={deleteRun.isPending}
        error={deleteRun.error?.message}
        onClose={() => setTarget(null)}
        onConfirm={(confirm) => {
          if (!target) return;
          deleteRun.mutate(
            { runId: target.id, confirm },
            {
              onSuccess: ({ deleted }) => {
                setNotice(`Deleted run ${deleted.runKey}${deleted.deletedGroups ? ` and ${plural(deleted.deletedGroups, "failure group")} only it had` : ""}.`);
                setTarget(null);
              },
            },
          );
        }}
      >
        {target && <>Its {plural(target.tests, "result")} and {plural(target.failed + target.errors + target.missing, "failure")} leave the overview, the runs list and triage.</>}
      </ConfirmDialog>

      <ConfirmDialog
        open={deletingProject}
        title="Delete this project?"
        expected={slug}
        what="project slug"
        action="Delete project"
        busy={deleteProject.isPending}
        error={deleteProject.error?.message}
        onClose={() => setDeletingProject(false)}
        onConfirm={(confirm) => deleteProject.mutate(confirm, { onSuccess: () => router.replace("/") })}
      >
        Everything in <strong className="text-foreground">{slug}</strong> is deleted for good. CI uploads with its tokens will fail.
      </ConfirmDialog>
    </div>
  );
}
