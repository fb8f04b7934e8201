"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";
import { useSearchNavigation } from "@/components/nav/use-search-navigation";
import { CategoryBreakdownList, TeamBreakdownTable } from "@/components/runs/run-breakdown";
import { RunDiffView } from "@/components/runs/run-diff";
import { IngestProgress } from "@/components/runs/ingest-progress";
import { ResultsTable } from "@/components/runs/results-table";
import { RunStatusBadge } from "@/components/ui/badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { Card } from "@/components/ui/card";
import { filtersFromSearch, ResultFilters, searchOf } from "@/lib/domain/filters";
import { formatDateTime, formatDuration, formatPercent, shortSha } from "@/lib/domain/format";
import { useRunDetail, useRunResults } from "@/lib/query/runs";
import Link from "next/link";
import { ErrorState, LoadingState } from "@/components/ui/page-state";

function Tile({ label, value, tone = "", testId }: { label: string; value: string; tone?: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-border bg-card px-4 py-3 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-muted">{label}</p>
      <p className={`mt-1 whitespace-nowrap text-xl font-semibold tabular-nums ${tone}`}>{value}</p>
    </div>
  );
}

export function RunDetailClient({ slug, runId }: { slug: string; runId: string }) {
  const searchParams = useSearchParams();
  const filters = filtersFromSearch(ResultFilters, searchParams);
  const navigate = useSearchNavigation();
  const { data: detail, error } = useRunDetail(slug, runId);
  const results = useRunResults(slug, runId, filters);
  const search = searchParams.toString();
  const onChange = useCallback(
    (next: Partial<ResultFilters>) => {
      const current = filtersFromSearch(ResultFilters, new URLSearchParams(search));
      navigate(searchOf({ ...current, ...next }, { page: 1, sort: "status" }));
    },
    [navigate, search],
  );

  if (error) return <ErrorState title="Could not load the run" message={error.message} />;
  if (!detail) return <LoadingState />;
  const { run, diff } = detail;
  const n = (v: number) => v.toLocaleString("en-US");

  return (
    <main className="mx-auto max-w-7xl px-6 py-8">
      <Breadcrumbs items={[{ label: detail.project.name, href: `/p/${slug}` }, { label: "Runs", href: `/p/${slug}/runs` }, { label: run.runKey }]} />
      <header className="mt-3 flex flex-wrap items-start justify-between gap-4">
        <div>
          <div className="flex items-center gap-3">
            <h1 className="text-2xl font-semibold tracking-tight">{run.runKey}</h1>
            <RunStatusBadge status={run.status} />
          </div>
          <p className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted">
            {run.branch && <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-foreground">{run.branch}</span>}
            {run.commitSha && <span className="font-mono text-xs" title={run.commitSha}>{shortSha(run.commitSha)}</span>}
            <span>Started {formatDateTime(run.startedAt)}</span>
            {run.durationMs !== null && <span>· {formatDuration(run.durationMs)} of test time</span>}
            <span>· {run.uploads} {run.uploads === 1 ? "report" : "reports"}</span>
          </p>
        </div>
        {run.ciUrl && (
          <a href={run.ciUrl} target="_blank" rel="noreferrer" className="rounded-lg border border-border bg-card px-3 py-1.5 text-sm shadow-sm hover:bg-slate-50">
            Open in CI ↗
          </a>
        )}
      </header>

      {run.ingest && <IngestProgress ingest={run.ingest} />}

      <div className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-4 xl:grid-cols-8">
        <Tile label="Pass rate" value={formatPercent(run.passRate)} testId="run-pass-rate" />
        <Tile label="Tests" value={n(run.tests)} />
        <Tile label="Passed" value={n(run.passed)} tone="text-green-700" />
        <Tile label="Failed" value={n(run.failed)} tone={run.failed ? "text-danger" : ""} />
        <Tile label="Errors" value={n(run.errors)} tone={run.errors ? "text-danger" : ""} />
        <Tile label="Missing" value={n(run.missing)} tone={run.missing ? "text-amber-700" : ""} />
        <Tile label="Skipped" value={n(run.skipped)} tone="text-muted" />
        <Tile label="Flaky" value={n(run.flaky)} tone="text-muted" />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Not passing, by cause">
          <CategoryBreakdownList rows={detail.byCategory} />
        </Card>
        <Card title="By team">
          <TeamBreakdownTable rows={detail.byTeam} />
        </Card>
      </div>

      <Card
        className="mt-6"
        title="Since the previous run"
        action={
          diff.previousRun ? (
            <span className="text-sm text-muted">
              compared with{" "}
              <Link href={`/p/${slug}/runs/${diff.previousRun.id}`} className="font-medium text-foreground hover:underline">
                {diff.previousRun.runKey}
              </Link>{" "}
              on {run.branch ?? "the same branch"}
            </span>
          ) : null
        }
      >
        {diff.previousRun ? (
          <RunDiffView slug={slug} diff={diff} />
        ) : (
          <p className="text-sm text-muted" data-testid="diff-none">This is the first run on {run.branch ?? "this branch"}: nothing to compare with.</p>
        )}
      </Card>

      <section className="mt-6 rounded-xl border border-border bg-card shadow-sm">
        <header className="px-4 pt-4">
          <h2 className="text-sm font-semibold">Results</h2>
        </header>
        <ResultsTable
          slug={slug}
          filters={filters}
          data={results.data}
          counts={{ passed: run.passed, failed: run.failed, error: run.errors, skipped: run.skipped, missing: run.missing }}
          busy={results.isPlaceholderData || results.isFetching}
          onChange={onChange}
        />
        {results.error && <p className="px-4 pb-4 text-sm text-danger">Could not load results: {results.error.message}</p>}
      </section>
    </main>
  );
}
