import Link from "next/link";
import { RunStatusBadge } from "@/components/ui/badge";
import type { RunListItem } from "@/lib/db/runs";
import { formatDateTime, shortSha, timeAgo } from "@/lib/domain/format";
import { IngestProgress } from "./ingest-progress";
import { OutcomeBar } from "./outcome-bar";

const num = (n: number) => n.toLocaleString("en-US");

export function RunsTable({ slug, runs, now }: { slug: string; runs: RunListItem[]; now: number }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="runs-table">
        <thead>
          <tr className="border-b border-border text-left text-xs font-medium uppercase tracking-wide text-muted">
            <th className="py-2.5 pl-5 pr-3 font-medium">Run</th>
            <th className="px-3 py-2.5 font-medium">Branch · commit</th>
            <th className="px-3 py-2.5 font-medium">Started</th>
            <th className="px-3 py-2.5 text-right font-medium">Tests</th>
            <th className="px-3 py-2.5 text-right font-medium">Passed</th>
            <th className="px-3 py-2.5 text-right font-medium">Failed</th>
            <th className="px-3 py-2.5 text-right font-medium">Errors</th>
            <th className="px-3 py-2.5 text-right font-medium">Skipped</th>
            <th className="px-3 py-2.5 text-right font-medium">Missing</th>
            <th className="py-2.5 pl-3 pr-5 text-right font-medium">Pass rate</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {runs.map((run) => (
            <tr key={run.id} className="group relative hover:bg-slate-50/80" data-testid="run-row">
              <td className="py-3 pl-5 pr-3">
                <div className="flex items-center gap-2">
                  <Link href={`/p/${slug}/runs/${run.id}`} className="font-medium text-foreground after:absolute after:inset-0 group-hover:text-green-700">
                    {run.runKey}
                  </Link>
                  {run.status === "open" && <RunStatusBadge status="open" />}
                </div>
              </td>
              <td className="px-3 py-3">
                <div className="flex items-center gap-2 text-muted">
                  {run.branch && <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-foreground">{run.branch}</span>}
                  {run.commitSha && (
                    <span className="font-mono text-xs" title={run.commitSha}>{shortSha(run.commitSha)}</span>
                  )}
                  {run.ciUrl && (
                    <a href={run.ciUrl} target="_blank" rel="noreferrer" className="relative z-10 text-xs text-muted underline-offset-2 hover:text-foreground hover:underline">
                      CI ↗
                    </a>
                  )}
                </div>
              </td>
              <td className="whitespace-nowrap px-3 py-3 text-muted" title={formatDateTime(run.startedAt)}>{timeAgo(run.startedAt, now)}</td>
              <td className="px-3 py-3 text-right tabular-nums">{num(run.tests)}</td>
              <td className="px-3 py-3 text-right tabular-nums text-green-700">{num(run.passed)}</td>
              <td className={`px-3 py-3 text-right tabular-nums ${run.failed ? "text-danger" : "text-muted"}`}>{num(run.failed)}</td>
              <td className={`px-3 py-3 text-right tabular-nums ${run.errors ? "text-danger" : "text-muted"}`}>{num(run.errors)}</td>
              <td className="px-3 py-3 text-right tabular-nums text-muted">{num(run.skipped)}</td>
              <td className={`px-3 py-3 text-right tabular-nums ${run.missing ? "text-amber-700" : "text-muted"}`}>{num(run.missing)}</td>
              <td className="py-3 pl-3 pr-5">
                {run.ingest ? <IngestProgress ingest={run.ingest} compact /> : <OutcomeBar counts={run} className="justify-end" />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
