import type { ReactNode } from "react";

/** Placeholder blocks in the shape of a dashboard page while its data loads. */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="mx-auto max-w-7xl px-6 py-8" role="status" aria-live="polite" data-testid="loading-state">
      <span className="sr-only">{label}</span>
      <div className="animate-pulse" aria-hidden="true">
        <div className="h-3 w-24 rounded bg-slate-100" />
        <div className="mt-3 h-7 w-64 rounded bg-slate-100" />
        <div className="mt-8 grid grid-cols-2 gap-3 md:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <div key={i} className="h-20 rounded-xl border border-border bg-card" />
          ))}
        </div>
        <div className="mt-6 h-72 rounded-xl border border-border bg-card" />
      </div>
    </div>
  );
}

/** A page that could not load: what failed, why, and a way on. */
export function ErrorState({ title, message, children }: { title: string; message?: string; children?: ReactNode }) {
  return (
    <div className="mx-auto max-w-7xl px-6 py-8">
      <div className="rounded-xl border border-red-200 bg-red-50 px-5 py-4" role="alert" data-testid="error-state">
        <p className="font-medium text-red-800">{title}</p>
        {message && <p className="mt-1 text-sm text-red-700">{message}</p>}
        {children && <div className="mt-3 flex flex-wrap gap-2">{children}</div>}
      </div>
    </div>
  );
}
