"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useSearchNavigation } from "@/components/nav/use-search-navigation";
import { Badge, ResultStatusBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/select";
import type { FlakyTest } from "@/lib/db/flaky";
import { filtersFromSearch, FlakyFilters, searchOf } from "@/lib/domain/filters";
import { plural } from "@/lib/domain/format";
import { RESULT_STATUSES, type ResultStatus } from "@/lib/domain/vocabulary";
import { useFlakyTests } from "@/lib/query/tests";

/** The evidence that makes a test flaky, one badge per reason (lib/db/flaky.ts). */
function Evidence({ test }: { test: FlakyTest }) {
  const { evidence } = test;
  return (
    <div className="flex flex-wrap gap-1.5">
      {test.reasons.includes("retries") && <Badge tone="amber" title="A failed attempt and a passing retry in the same run">passed on retry · {plural(evidence.retriedRuns, "run")}</Badge>}
      {test.reasons.includes("same-commit") && (
        <Badge tone="violet" title={`Commits: ${evidence.sameCommitFailures.join(", ")}`}>passed and failed on {plural(evidence.sameCommitFailures.length, "commit")}</Badge>
      )}
      {test.reasons.includes("flip-rate") && evidence.flipRate !== null && (
        <Badge tone="red" title={`${evidence.flips} changes in ${evidence.transitions} consecutive runs`}>flips {Math.round(evidence.flipRate * 100)}% of runs</Badge>
      )}
    </div>
  );
}

const isResultStatus = (s: string): s is ResultStatus => (RESULT_STATUSES as readonly string[]).includes(s);

export function FlakyTestsClient({ slug, branches, defaultBranch }: { slug: string; branches: string[]; defaultBranch: string }) {
  const filters = filtersFromSearch(FlakyFilters, useSearchParams());
  const navigate = useSearchNavigation();
  const { data, error, isPlaceholderData } = useFlakyTests(slug, filters);
  const branch = filters.branch ?? defaultBranch;

  return (
    <main className="mx-auto max-w-7xl px-6 py-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-muted">Tests</p>
          <h1 className="text-2xl font-semibold tracking-tight">Flaky tests</h1>
          {data && (
            <p className="mt-1 text-sm text-muted">
              {plural(data.tests.length, "test")} with flaky evidence in the last {plural(data.runs, "run")} on <span className="font-mono text-xs">{branch}</span>
            </p>
          )}
        </div>
        <Select label="Branch" value={branch} onChange={(e) => navigate(searchOf({ branch: e.target.value === defaultBranch ? undefined : e.target.value }))} data-testid="branch-filter">
          {[...new Set([branch, ...branches])].map((b) => (
            <option key={b} value={b}>{b}</option>
          ))}
        </Select>
      </header>

      {error && <p className="mt-6 text-danger">Could not load flaky tests: {error.message}</p>}
      {!data && !error && <p className="mt-6 text-muted">Loading…</p>}
      {data && (
        <Card className={`mt-6 p-0! transition-opacity ${isPlaceholderData ? "opacity-60" : ""}`}>
          {data.tests.length === 0 ? (
            <div className="p-10 text-center" data-testid="flaky-empty">
              <p className="font-medium">No flaky tests on {branch}</p>
              <p className="mt-1 text-sm text-muted">A test is flaky when a retry passed after a failure, when it passed and failed on the same commit, or when it keeps switching between passing and failing.</p>
            </div>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full table-fixed text-sm" data-testid="flaky-table">
                <colgroup>
                  <col />
                  <col className="w-[36%]" />
                  <col className="w-28" />
                  <col className="w-40" />
                </colgroup>
                <thead>
                  <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
                    <th className="py-2.5 pl-5 pr-3 font-medium">Test</th>
                    <th className="px-3 py-2.5 font-medium">Evidence</th>
                    <th className="px-3 py-2.5 text-right font-medium">Runs seen</th>
                    <th className="py-2.5 pl-3 pr-5 font-medium">Latest</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {data.tests.map((t) => (
                    <tr key={t.testId} className="group relative hover:bg-slate-50/80" data-testid="flaky-row">
                      <td className="py-3 pl-5 pr-3">
                        <Link href={`/p/${slug}/tests/${t.testId}${searchOf({ branch: filters.branch })}`} className="block truncate font-mono text-xs font-medium text-foreground after:absolute after:inset-0 group-hover:text-green-700" title={t.key}>
                          {t.name}
                        </Link>
                        <p className="truncate text-xs text-muted" title={t.key}>{t.file ?? t.key.slice(0, t.key.lastIndexOf("::"))}</p>
                      </td>
                      <td className="px-3 py-3"><Evidence test={t} /></td>
                      <td className="px-3 py-3 text-right tabular-nums text-muted">{t.observedRuns}</td>
                      <td className="py-3 pl-3 pr-5">
                        <span className="flex items-center gap-2 whitespace-nowrap">
                          {isResultStatus(t.lastStatus) ? <ResultStatusBadge status={t.lastStatus} /> : <Badge>{t.lastStatus}</Badge>}
                          <span className="text-xs text-muted">{t.lastRunKey}</span>
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>
      )}
    </main>
  );
}
