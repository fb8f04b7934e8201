"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { ChartCategories } from "@/components/charts/chart-categories";
import { ChartPassRate } from "@/components/charts/chart-pass-rate";
import { ChartTeams } from "@/components/charts/chart-teams";
import { mapCategories, mapKpis, mapPassRate, mapTeams } from "@/components/charts/map-overview";
import { KpiTiles } from "@/components/overview/kpi-tiles";
import { ProjectionNote } from "@/components/overview/projection-note";
import { RecentRuns } from "@/components/runs/recent-runs";
import { Card } from "@/components/ui/card";
import { useOverview } from "@/lib/query/overview";
import { ErrorState, LoadingState } from "@/components/ui/page-state";

export function OverviewClient({ slug, branch }: { slug: string; branch: string }) {
  const router = useRouter();
  const { data: overview, error } = useOverview(slug, branch);
  if (error) return <ErrorState title="Could not load the overview" message={error.message} />;
  if (!overview) return <LoadingState />;
  const kpis = mapKpis(overview);
  const hasRuns = overview.runs.length > 0;
  const runHref = (runId: string) => `/p/${slug}/runs/${runId}`;

  return (
    <main className="mx-auto max-w-7xl px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-muted">Overview</p>
          <h1 className="text-2xl font-semibold tracking-tight">{overview.project.name}</h1>
        </div>
        <label className="flex items-center gap-2 text-sm text-muted">
          Branch
          <select
            value={overview.branch}
            onChange={(e) => router.push(`/p/${slug}?branch=${encodeURIComponent(e.target.value)}`)}
            className="rounded-lg border border-border bg-card px-2 py-1.5 text-foreground"
          >
            {[...new Set([overview.branch, ...overview.branches])].map((b) => (
              <option key={b} value={b}>{b}</option>
            ))}
          </select>
        </label>
      </header>

      {!hasRuns ? (
        <Card className="mt-8">
          <p className="text-muted" data-testid="no-runs">
            No runs on <strong>{overview.branch}</strong> yet. Upload a JUnit report from CI with the project&apos;s token to see the pass rate here.
          </p>
        </Card>
      ) : (
        <>
          <KpiTiles kpis={kpis} />
          <div className="mt-6 grid gap-6 lg:grid-cols-3">
            <Card className="lg:col-span-2" title="Pass rate over time" action={<ProjectionNote projection={overview.projection} />}>
              <ChartPassRate data={mapPassRate(overview)} target={overview.project.passRateTarget} runHref={runHref} />
            </Card>
            <Card title="Failures by cause">
              <ChartCategories data={mapCategories(overview)} runHref={runHref} />
            </Card>
          </div>
          <div className="mt-6">
            <Card title="Recent runs" action={<Link href={`/p/${slug}/runs?branch=${encodeURIComponent(overview.branch)}`} className="text-sm text-green-700 hover:underline">All runs →</Link>}>
              <RecentRuns slug={slug} runs={overview.runs} />
            </Card>
          </div>
          {overview.teams.length > 0 && (
            <div className="mt-6 grid gap-6 lg:grid-cols-2">
              <Card title="Pass rate per team">
                <ChartTeams data={mapTeams(overview, "passRate")} teams={overview.teams} metric="passRate" runHref={runHref} />
              </Card>
              <Card title="Open failure groups per team">
                <ChartTeams data={mapTeams(overview, "openGroups")} teams={overview.teams} metric="openGroups" runHref={runHref} />
              </Card>
            </div>
          )}
        </>
      )}
    </main>
  );
}
