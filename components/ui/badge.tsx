import type { ReactNode } from "react";
import { CATEGORY_LABELS, type Category, type GroupStatus, type ResultStatus } from "@/lib/domain/vocabulary";

const TONES = {
  neutral: "bg-slate-100 text-foreground ring-slate-200",
  green: "bg-green-50 text-green-700 ring-green-200",
  red: "bg-red-50 text-red-700 ring-red-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  blue: "bg-blue-50 text-blue-700 ring-blue-200",
  violet: "bg-violet-50 text-violet-700 ring-violet-200",
} as const;
export type BadgeTone = keyof typeof TONES;

export function Badge({ tone = "neutral", children, title, testId }: { tone?: BadgeTone; children: ReactNode; title?: string; testId?: string }) {
  return (
    <span title={title} data-testid={testId} className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

/** A cause, coloured like its series in the charts (`--cat-<category>`). */
export function CategoryBadge({ category }: { category: Category }) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap rounded-md bg-card px-1.5 py-0.5 text-xs font-medium text-foreground ring-1 ring-inset ring-slate-200" data-category={category}>
      <span className="size-2 rounded-full" style={{ background: `var(--cat-${category})` }} aria-hidden="true" />
      {CATEGORY_LABELS[category]}
    </span>
  );
}

const RESULT_TONES: Record<ResultStatus, BadgeTone> = { passed: "green", failed: "red", error: "red", skipped: "neutral", missing: "amber" };

export function ResultStatusBadge({ status }: { status: ResultStatus }) {
  return <Badge tone={RESULT_TONES[status]}>{status}</Badge>;
}

const GROUP_TONES: Record<GroupStatus, BadgeTone> = { new: "blue", investigating: "violet", fixed: "green", resolved: "green", expected: "amber", ignored: "neutral" };

export function GroupStatusBadge({ status }: { status: GroupStatus }) {
  return <Badge tone={GROUP_TONES[status]}>{status}</Badge>;
}

export function RunStatusBadge({ status }: { status: "open" | "complete" }) {
  return status === "open" ? (
    <Badge tone="blue" title="Reports are still arriving; figures are provisional">
      <span className="size-1.5 animate-pulse rounded-full bg-blue-500" aria-hidden="true" />
      in progress
    </Badge>
  ) : (
    <Badge tone="neutral">complete</Badge>
  );
}
