import Link from "next/link";
import { CategoryBadge } from "@/components/ui/badge";
import type { DiffKind, RunDiff } from "@/lib/db/runs";

const KIND: Record<DiffKind, { title: string; hint: string; accent: string; empty: string }> = {
  "newly-failing": { title: "Newly failing", hint: "failing now, passed or absent before", accent: "border-t-red-500", empty: "Nothing broke." },
  fixed: { title: "Fixed", hint: "passing now, not passing before", accent: "border-t-green-500", empty: "Nothing was fixed." },
  "still-failing": { title: "Still failing", hint: "not passing in both runs", accent: "border-t-slate-400", empty: "Nothing kept failing." },
  "newly-missing": { title: "Newly missing", hint: "reported before, gone now", accent: "border-t-amber-500", empty: "No test vanished." },
};

/** What changed since the previous run on the same branch, one column per kind of change. */
export function RunDiffView({ slug, diff }: { slug: string; diff: RunDiff }) {
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
      {(Object.keys(KIND) as DiffKind[]).map((kind) => {
        const entries = diff.entries[kind];
        const count = diff.counts[kind];
        return (
          <section key={kind} className={`rounded-lg border border-border border-t-2 bg-card ${KIND[kind].accent}`} data-testid={`diff-${kind}`}>
            <header className="flex items-baseline justify-between gap-2 px-3 pt-3">
              <h3 className="text-sm font-semibold">{KIND[kind].title}</h3>
              <span className="text-xl font-semibold tabular-nums">{count.toLocaleString("en-US")}</span>
            </header>
            <p className="px-3 text-xs text-muted">{KIND[kind].hint}</p>
            <ul className="mt-2 max-h-64 divide-y divide-border overflow-y-auto border-t border-border text-xs">
              {entries.length === 0 && <li className="px-3 py-3 text-muted">{KIND[kind].empty}</li>}
              {entries.map((e) => (
                <li key={e.testId} className="flex items-center justify-between gap-2 px-3 py-1.5">
                  <span className="min-w-0" title={e.testKey}>
                    <span className="block truncate font-mono">{e.testKey.slice(e.testKey.lastIndexOf("::") + 2)}</span>
                    <span className="block truncate text-muted">{e.file ?? e.testKey.slice(0, e.testKey.lastIndexOf("::"))}</span>
                  </span>
                  {e.category && e.failureGroupId ? (
                    <Link href={`/p/${slug}/triage/${e.failureGroupId}`} className="shrink-0" title="Open the failure group">
                      <CategoryBadge category={e.category} />
                    </Link>
                  ) : (
                    e.previousStatus && <span className="shrink-0 text-muted">was {e.previousStatus}</span>
                  )}
                </li>
              ))}
              {count > entries.length && <li className="px-3 py-1.5 text-muted">and {(count - entries.length).toLocaleString("en-US")} more</li>}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
