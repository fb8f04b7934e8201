"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { ChartTestHistory } from "@/components/charts/chart-test-history";
import { mapTestHistory, RESULT_COLOURS } from "@/components/charts/map-test-history";
import { useSearchNavigation } from "@/components/nav/use-search-navigation";
import { Badge, CategoryBadge, GroupStatusBadge, ResultStatusBadge } from "@/components/ui/badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import { filtersFromSearch, FlakyFilters, searchOf } from "@/lib/domain/filters";
import { formatDateTime, formatDuration, formatPercent, plural, timeAgo } from "@/lib/domain/format";
import { RESULT_STATUSES } from "@/lib/domain/vocabulary";
import { useCan } from "@/components/auth/project-role";
import { useSetTestRetired, useTestDetail } from "@/lib/query/tests";
import { ErrorState, LoadingState } from "@/components/ui/page-state";

function Stat({ label, value, tone = "", testId }: { label: string; value: ReactNode; tone?: string; testId?: string }) {
  return (
    <div className="rounded-xl border border-border bg-card px-4 py-3 shadow-sm" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-muted">{label}</p>
      <p className={`mt-1 whitespace-nowrap text-xl font-semibold tabular-nums ${tone}`}>{value}</p>
    </div>
  );
}

export function TestDetailClient({ slug, testId, now }: { slug: string; testId: string; now: number }) {
  const { branch } = filtersFromSearch(FlakyFilters, useSearchParams());
  const navigate = useSearchNavigation();
  const { data: detail, error, isPlaceholderData } = useTestDetail(slug, testId, branch);
  if (error) return <ErrorState title="Could not load the test" message={error.message} />;
  if (!detail) return <LoadingState />;
  const { test, summary, flaky } = detail;
  const isFlaky = flaky.flakyRuns > 0 || flaky.flips >= 2;
  const latest = detail.history.at(-1);

  return (
    <main className={`mx-auto max-w-7xl px-6 py-8 transition-opacity ${isPlaceholderData ? "opacity-60" : ""}`}>
      <Breadcrumbs items={[{ label: detail.project.name, href: `/p/${slug}` }, { label: "Tests", href: `/p/${slug}/tests` }, { label: test.name }]} />
      <header className="mt-3 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            {latest && <ResultStatusBadge status={latest.status} />}
            {isFlaky && <Badge tone="amber" testId="flaky-badge">flaky</Badge>}
            {test.retiredAt && <Badge tone="neutral" title={`Retired ${formatDateTime(test.retiredAt)}`}>retired</Badge>}
          </div>
          <h1 className="mt-2 break-words font-mono text-lg font-semibold tracking-tight" data-testid="test-name">{test.name}</h1>
          <p className="mt-1 break-all font-mono text-xs text-muted" title="Test key">{test.key}</p>
        </div>
        <div className="flex flex-wrap items-end gap-3">
          <Select label="Branch" value={detail.branch} onChange={(e) => navigate(searchOf({ branch: e.target.value }))} data-testid="branch-filter">
            {detail.branches.map((b) => <option key={b} value={b}>{b}</option>)}
          </Select>
          <RetireButton slug={slug} testId={test.id} retired={test.retiredAt !== null} />
        </div>
      </header>

      <div className="mt-6 grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        <Stat label="Pass rate" value={formatPercent(summary.passRate)} testId="test-pass-rate" />
        <Stat label="Runs" value={summary.runs} />
        <Stat label="Not passing" value={summary.failed + summary.errors + summary.missing} tone={summary.failed + summary.errors + summary.missing ? "text-danger" : ""} />
        <Stat label="Flaky runs" value={flaky.flakyRuns} tone={flaky.flakyRuns ? "text-amber-700" : ""} testId="test-flaky-runs" />
        <Stat label="Outcome flips" value={flaky.flips} tone={flaky.flips >= 2 ? "text-amber-700" : ""} />
        <Stat label="Median duration" value={formatDuration(summary.medianDurationMs)} />
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="grid min-w-0 grid-cols-1 content-start gap-6">
          <Card
            title="History"
            action={
              <div className="flex flex-wrap items-center gap-3 text-xs text-muted">
                {RESULT_STATUSES.map((s) => (
                  <span key={s} className="flex items-center gap-1"><span className="size-2 rounded-full" style={{ background: RESULT_COLOURS[s] }} aria-hidden="true" />{s}</span>
                ))}
                <span className="flex items-center gap-1"><span className="size-2.5 rounded-full border border-dashed border-amber-600" aria-hidden="true" />flaky</span>
              </div>
            }
          >
            {detail.history.length === 0 ? (
              <p className="py-8 text-center text-sm text-muted" data-testid="test-history-empty">No results for this test on {detail.branch}. Pick another branch above.</p>
            ) : (
              <>
                <ChartTestHistory data={mapTestHistory(detail.history)} runHref={(runId) => `/p/${slug}/runs/${runId}`} />
                <details className="mt-3">
                  <summary className="cursor-pointer select-none text-sm text-muted hover:text-foreground">Show as a table</summary>
                  <div className="mt-2 max-h-80 overflow-y-auto">
                    <table className="w-full text-sm" data-testid="test-history-table">
                      <thead>
                        <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
                          <th className="py-2 pr-3 font-medium">Run</th>
                          <th className="px-3 py-2 font-medium">Outcome</th>
                          <th className="px-3 py-2 text-right font-medium">Duration</th>
                          <th className="py-2 pl-3 font-medium">Message</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-border">
                        {[...detail.history].reverse().map((h) => (
                          <tr key={h.runId}>
                            <td className="py-2 pr-3 whitespace-nowrap">
                              <Link href={`/p/${slug}/runs/${h.runId}`} className="font-medium hover:underline">{h.runKey}</Link>
                              <span className="ml-2 text-xs text-muted">{timeAgo(h.startedAt, now)}</span>
                            </td>
                            <td className="px-3 py-2">
                              <span className="flex items-center gap-1.5"><ResultStatusBadge status={h.status} />{h.flaky && <span className="text-xs text-amber-700">flaky · {h.attempts} attempts</span>}</span>
                            </td>
                            <td className="px-3 py-2 text-right tabular-nums text-muted">{formatDuration(h.durationMs)}</td>
                            <td className="max-w-0 py-2 pl-3"><span className="block truncate font-mono text-xs text-slate-600" title={h.message ?? undefined}>{h.message ?? ""}</span></td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              </>
            )}
          </Card>

          <Card title={`Failure groups (${detail.groups.length})`}>
            {detail.groups.length === 0 ? (
              <p className="text-sm text-muted">This test has never failed.</p>
            ) : (
              <ul className="-mx-5 divide-y divide-border border-t border-border" data-testid="test-groups">
                {detail.groups.map((g) => (
                  <li key={g.id} className="flex items-center justify-between gap-4 px-5 py-2.5">
                    <div className="min-w-0">
                      <Link href={`/p/${slug}/triage/${g.id}`} className="block truncate font-mono text-xs font-medium hover:text-green-700 hover:underline" title={g.title}>{g.title}</Link>
                      <p className="mt-0.5 text-xs text-muted">{plural(g.occurrences, "time")} · last {timeAgo(g.lastSeenAt, now)}</p>
                    </div>
                    <div className="flex shrink-0 items-center gap-2"><CategoryBadge category={g.category} /><GroupStatusBadge status={g.status} /></div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>

        <aside className="grid min-w-0 grid-cols-1 content-start gap-6">
          <Card title="Flaky evidence">
            {isFlaky ? (
              <ul className="grid gap-2 text-sm" data-testid="flaky-evidence">
                {flaky.flakyRuns > 0 && <li>Passed only on a retry in <strong>{plural(flaky.flakyRuns, "run")}</strong> of the last {summary.runs}.</li>}
                {flaky.flips >= 2 && <li>Changed between passing and failing <strong>{plural(flaky.flips, "time")}</strong> across these runs.</li>}
              </ul>
            ) : (
              <p className="text-sm text-muted">No retries and no back-and-forth in the last {plural(summary.runs, "run")}.</p>
            )}
          </Card>
          <Card title="Details">
            <dl className="grid gap-2 text-sm">
              {[
                ["File", test.file ?? "—"],
                ["Class", test.classname ?? "—"],
                ["Suite", test.suite ?? "—"],
                ["First seen", formatDateTime(test.firstSeenAt)],
                ["Last seen", test.lastSeenAt ? formatDateTime(test.lastSeenAt) : "never reported"],
              ].map(([label, value]) => (
                <div key={label} className="grid grid-cols-[6rem_1fr] gap-2">
                  <dt className="text-muted">{label}</dt>
                  <dd className="min-w-0 break-all font-mono text-xs leading-5">{value}</dd>
                </div>
              ))}
            </dl>
          </Card>
        </aside>
      </div>
    </main>
  );
}

/** Retiring says "removed on purpose": the test stops counting as missing until it reports again. */
function RetireButton({ slug, testId, retired }: { slug: string; testId: string; retired: boolean }) {
  const mutation = useSetTestRetired(slug, testId);
  const canTriage = useCan("member");
  if (!canTriage) return null;
  return (
    <button
      type="button"
      data-testid="retire-test"
      disabled={mutation.isPending}
      onClick={() => mutation.mutate(!retired)}
      title={retired ? "Count this test as missing again when it does not report" : "Removed on purpose: stop reporting it as missing"}
      className="rounded-lg border border-border bg-card px-3 py-1.5 text-sm hover:bg-slate-50 disabled:text-muted"
    >
      {mutation.isPending ? "Saving…" : retired ? "Restore test" : "Retire test"}
    </button>
  );
}
