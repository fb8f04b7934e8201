"use client";

import { useLiveProject } from "@/lib/query/live";

const LABELS = { live: "Live", connecting: "Connecting…", offline: "Offline" } as const;

/** Mounted once per project layout: keeps every open page of the project current, and says so. */
export function LiveIndicator({ slug }: { slug: string }) {
  const state = useLiveProject(slug);
  return (
    <p className="flex items-center gap-2 px-3 text-xs text-muted" data-testid="live-indicator" data-state={state} title="Pages update by themselves when a report is uploaded">
      <span className="relative flex size-2" aria-hidden="true">
        {state === "live" && <span className="absolute inline-flex size-full animate-ping rounded-full bg-green-400 opacity-60" />}
        <span className={`relative inline-flex size-2 rounded-full ${state === "live" ? "bg-green-500" : state === "connecting" ? "bg-amber-400" : "bg-slate-300"}`} />
      </span>
      {LABELS[state]}
    </p>
  );
}
