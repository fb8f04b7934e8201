import Link from "next/link";
import { RunStatusBadge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/domain/format";
import { OutcomeBar } from "./outcome-bar";

interface RecentRun {
  id: string;
  runKey: string;
  status: "open" | "complete";
  startedAt: string;
  passed: number;
  failed: number;
  errors: number;
  missing: number;
  skipped: number;
  passRate: number | null;
}

/** The latest runs (given oldest first, shown newest first) as a strip of tiles, each linking to its detail. */
export function RecentRuns({ slug, runs, limit = 6 }: { slug: string; runs: RecentRun[]; limit?: number }) {
  return (
    <ul className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6" data-testid="recent-runs">
      {runs.slice(-limit).reverse().map((run) => (
        <li key={run.id}>
          <Link href={`/p/${slug}/runs/${run.id}`} className="block rounded-lg border border-border px-3 py-2.5 transition-colors hover:border-slate-300 hover:bg-slate-50">
            <span className="flex items-center justify-between gap-2 text-sm font-medium">
              {run.runKey}
              {run.status === "open" && <RunStatusBadge status="open" />}
            </span>
            <span className="block text-xs text-muted">{formatDateTime(run.startedAt)}</span>
            <OutcomeBar counts={run} className="mt-2" barClassName="min-w-0 flex-1 shrink" />
          </Link>
        </li>
      ))}
    </ul>
  );
}
