"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A destructive action's confirmation: a modal (native <dialog>: focus trap, Escape closes) where
 * the user types `expected` before the button unlocks.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  expected,
  what,
  action,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  expected: string;
  what: string;
  action: string;
  busy: boolean;
  error?: string | null;
  onConfirm: (typed: string) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  const matches = typed === expected;

  return (
    <dialog
      ref={ref}
      onClose={() => {
        setTyped("");
        onClose();
      }}
      className="m-auto w-full max-w-md rounded-xl border border-border bg-card p-0 text-foreground shadow-2xl backdrop:bg-slate-900/40 backdrop:backdrop-blur-[1px]"
      aria-labelledby={`${inputId}-title`}
      data-testid="confirm-dialog"
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (matches && !busy) onConfirm(typed);
        }}
      >
        <div className="p-5">
          <h2 id={`${inputId}-title`} className="text-base font-semibold">{title}</h2>
          <div className="mt-2 text-sm text-muted">{children}</div>
          <label htmlFor={inputId} className="mt-4 block text-sm">
            Type <span className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs text-foreground">{expected}</span> to confirm the {what}
          </label>
          <input
            id={inputId}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="mt-2 w-full rounded-lg border border-border bg-card px-3 py-2 font-mono text-sm shadow-sm outline-none focus:border-red-500 focus:ring-2 focus:ring-red-500/20"
            data-testid="confirm-input"
          />
          {error && <p role="alert" className="mt-2 text-sm text-danger">{error}</p>}
        </div>
        <div className="flex justify-end gap-2 rounded-b-xl border-t border-border bg-slate-50 px-5 py-3">
          <Button type="button" variant="secondary" onClick={() => ref.current?.close()}>Cancel</Button>
          <button
            type="submit"
            disabled={!matches || busy}
            className="inline-flex items-center justify-center rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white transition-colors hover:brightness-110 disabled:cursor-not-allowed disabled:bg-red-300"
            data-testid="confirm-submit"
          >
            {busy ? "Deleting…" : action}
          </button>
        </div>
      </form>
    </dialog>
  );
}
