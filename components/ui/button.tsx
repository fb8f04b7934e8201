import type { ButtonHTMLAttributes } from "react";

const VARIANTS = {
  primary: "bg-accent-strong text-white hover:brightness-110 disabled:opacity-50",
  secondary: "border border-border bg-card text-foreground hover:bg-slate-50 disabled:text-muted",
} as const;

export function Button({ variant = "primary", className = "", ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof VARIANTS }) {
  return (
    <button
      className={`inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed ${VARIANTS[variant]} ${className}`}
      {...props}
    />
  );
}
