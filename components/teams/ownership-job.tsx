"use client";

import { useJob } from "@/lib/query/rules";

/** Progress of the ownership job (reassigning failure groups, recomputing team rollups). */
export function OwnershipJobProgress({ slug, jobId, onClose }: { slug: string; jobId: string; onClose: () => void }) {
  const { data } = useJob(slug, jobId);
  const status = data?.status ?? "queued";
  const percent = data && data.total > 0 ? Math.round((data.progress / data.total) * 100) : status === "done" ? 100 : 0;
  return (
    <div role="status" className="rounded-lg border border-border bg-card p-4 text-sm" data-testid="ownership-job">
      <div className="flex items-center justify-between gap-3">
        <span>
          Reassigning failure groups and recomputing team pass rates: <strong>{status}</strong>
          {data && data.total > 0 && ` — ${data.progress} of ${data.total}`}
          {status === "failed" && data?.error && <span className="text-danger"> ({data.error})</span>}
        </span>
        {(status === "done" || status === "failed") && (
          <button type="button" className="text-muted hover:text-foreground" onClick={onClose}>Dismiss</button>
        )}
      </div>
      <div className="mt-2 h-1.5 overflow-hidden rounded bg-slate-100" aria-hidden>
        <div className="h-full bg-accent transition-all" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
