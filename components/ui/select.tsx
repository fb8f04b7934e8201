import type { SelectHTMLAttributes } from "react";

/** A labelled native select, styled like the rest of the dashboard's controls. */
export function Select({ label, className = "", children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  return (
    <label className="flex items-center gap-2 text-sm text-muted">
      <span className="whitespace-nowrap">{label}</span>
      <select
        className={`rounded-lg border border-border bg-card px-2 py-1.5 text-sm text-foreground shadow-sm outline-none focus:border-green-500 focus:ring-2 focus:ring-green-500/20 ${className}`}
        {...props}
      >
        {children}
      </select>
    </label>
  );
}
