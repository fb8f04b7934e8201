import type { InputHTMLAttributes, ReactNode } from "react";
import { Logo } from "@/components/ui/logo";

/** The narrow centred card every sign-in, setup, invite and reset page uses. */
export function AuthShell({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <Logo />
      <h1 className="mt-8 text-2xl font-semibold tracking-tight">{title}</h1>
      {intro && <div className="mt-2 text-sm text-muted">{intro}</div>}
      <div className="mt-6 rounded-xl border border-border bg-card p-6 shadow-sm">{children}</div>
    </main>
  );
}

export function AuthField({ label, error, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string }) {
  return (
    <label className="grid gap-1 text-sm">
      <span className="font-medium">{label}</span>
      <input
        aria-invalid={Boolean(error)}
        className="rounded-lg border border-border bg-card px-3 py-2 outline-none focus:border-accent focus:ring-2 focus:ring-green-100 aria-invalid:border-danger disabled:text-muted"
        {...input}
      />
      {error && <span className="text-xs text-danger">{error}</span>}
    </label>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}
