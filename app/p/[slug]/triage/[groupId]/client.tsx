"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { ChartGroupHistory } from "@/components/charts/chart-group-history";
import { mapGroupHistory } from "@/components/charts/map-group-history";
import { AuditTrail } from "@/components/triage/audit-trail";
import { GroupControls } from "@/components/triage/group-controls";
import { TeamLabel } from "@/components/triage/team-label";
import { Badge, CategoryBadge, GroupStatusBadge, ResultStatusBadge } from "@/components/ui/badge";
import { Breadcrumbs } from "@/components/ui/breadcrumbs";
import { Card } from "@/components/ui/card";
import { formatDateTime, plural, timeAgo } from "@/lib/domain/format";
import { useGroupDetail } from "@/lib/query/triage";
import { ErrorState, LoadingState } from "@/components/ui/page-state";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7.5rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-muted">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export function GroupDetailClient({ slug, groupId, now }: { slug: string; groupId: string; now: number }) {
  const { data: detail, error } = useGroupDetail(slug, groupId);
  if (error) return <ErrorState title="Could not load the failure group" message={error.message} />;
  if (!detail) return <LoadingState />;
  const { group } = detail;
  const runLink = (run: { id: string; runKey: string } | null) =>
    run ? <Link href={`/p/${slug}/runs/${run.id}`} className="font-medium text-green-700 hover:underline">{run.runKey}</Link> : "—";

  return (
    <main className="mx-auto max-w-7xl px-6 py-8">
      <Breadcrumbs items={[{ label: detail.project.name, href: `/p/${slug}` }, { label: "Triage", href: `/p/${slug}/triage` }, { label: group.title }]} />
      <header className="mt-3">
        <div className="flex flex-wrap items-center gap-2">
          <CategoryBadge category={group.category} />
          <GroupStatusBadge status={group.status} />
          {group.regressed && <Badge tone="red" title="It was fixed or resolved and came back">regressed</Badge>}
          {group.failureType && <span className="font-mono text-xs text-muted">{group.failureType}</span>}
        </div>
        <h1 className="mt-2 break-words font-mono text-lg font-semibold leading-snug tracking-tight" data-testid="group-title">{group.title}</h1>
        <p className="mt-1 text-sm text-muted">
          {plural(group.affectedTests, "test")} affected · {plural(group.occurrences, "occurrence")} · last seen {timeAgo(group.lastSeenAt, now)}
        </p>
      </header>

      <div className="mt-6 grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="grid min-w-0 grid-cols-1 content-start gap-6">
          <Card title="Example">
            {group.exampleMessage ? (
              <pre className="overflow-x-auto whitespace-pre-wrap break-words rounded-lg bg-slate-950 px-4 py-3 font-mono text-xs leading-relaxed text-white/90 dark:ring-1 dark:ring-border">{group.exampleMessage}</pre>
            ) : (
              <p className="text-sm text-muted">No message was reported.</p>
            )}
            {group.exampleTrace && (
              <details className="group mt-3">
                <summary className="cursor-pointer select-none text-sm font-medium text-muted hover:text-foreground">
                  Trace <span className="text-xs font-normal">({group.exampleTrace.split("\n").length} lines)</span>
                </summary>
                <pre className="mt-2 max-h-96 overflow-auto rounded-lg border border-border bg-slate-50 px-4 py-3 font-mono text-xs leading-relaxed text-foreground">{group.exampleTrace}</pre>
              </details>
            )}
          </Card>

          <Card title="History" action={<span className="text-xs text-muted">occurrences per run, latest {detail.history.length} runs</span>}>
            <ChartGroupHistory data={mapGroupHistory(detail.history)} category={group.category} runHref={(runId) => `/p/${slug}/runs/${runId}`} />
          </Card>

          <Card title={`Affected tests (${detail.affectedTests.length.toLocaleString("en-US")})`}>
            <ul className="-mx-5 max-h-96 divide-y divide-border overflow-y-auto border-t border-border" data-testid="affected-tests">
              {detail.affectedTests.map((t) => (
                <li key={t.testId} className="flex items-center justify-between gap-4 px-5 py-2">
                  <div className="min-w-0">
                    <Link href={`/p/${slug}/tests/${t.testId}`} className="block truncate font-mono text-xs font-medium hover:text-green-700 hover:underline" title={t.key}>
                      {t.name}
                    </Link>
                    <p className="truncate text-xs text-muted" title={t.key}>{t.file ?? t.key.slice(0, t.key.lastIndexOf("::"))}</p>
                  </div>
                  <div className="flex shrink-0 items-center gap-3 text-xs text-muted">
                    <span className="tabular-nums">{plural(t.occurrences, "time")}</span>
                    <ResultStatusBadge status={t.lastStatus} />
                  </div>
                </li>
              ))}
            </ul>
          </Card>

          <Card title="Audit trail">
            <AuditTrail events={detail.events} now={now} />
          </Card>
        </div>

        <aside className="grid min-w-0 grid-cols-1 content-start gap-6">
          <Card title="Triage">
            <GroupControls key={`${group.status}-${group.assignee?.id ?? ""}-${group.externalIssueUrl ?? ""}`} slug={slug} detail={detail} />
          </Card>
          <Card title="Details">
            <dl className="-my-1.5 divide-y divide-border">
              <Fact label="Team"><TeamLabel team={group.assignee} /></Fact>
              <Fact label="Rule">
                <span className="block">{group.ruleName ?? "—"}</span>
                {group.ruleId && <span className="block font-mono text-xs text-muted">{group.ruleId}</span>}
              </Fact>
              <Fact label="First seen"><span title={formatDateTime(group.firstSeenAt)}>{runLink(group.firstSeenRun)}</span></Fact>
              <Fact label="Last seen"><span title={formatDateTime(group.lastSeenAt)}>{runLink(group.lastSeenRun)}</span></Fact>
              <Fact label="Fingerprint"><span className="font-mono text-xs text-muted">{group.fingerprint.slice(0, 16)}</span></Fact>
            </dl>
          </Card>
        </aside>
      </div>
    </main>
  );
}
