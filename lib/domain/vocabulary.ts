// The product's vocabulary (PRODUCT.md) as values shared by lib, API and UI.
import type { Category as DbCategory } from "@/lib/generated/prisma/enums";

export const CATEGORIES = [
  "infrastructure",
  "fixture",
  "import",
  "mock",
  "commented-out",
  "assertion",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const RESULT_STATUSES = ["passed", "failed", "error", "skipped", "missing"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export const GROUP_STATUSES = ["new", "investigating", "fixed", "resolved", "expected", "ignored"] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** Statuses of a failure group still needing work (`expected` still counts as failing but is triaged). */
export const OPEN_GROUP_STATUSES: readonly GroupStatus[] = ["new", "investigating"];

export const CATEGORY_LABELS: Record<Category, string> = {
  infrastructure: "Infrastructure",
  fixture: "Fixture",
  import: "Import",
  mock: "Mock",
  "commented-out": "Commented-out",
  assertion: "Assertion",
  other: "Other",
};

// Prisma enum identifiers cannot contain "-": the client names it commented_out, the database stores commented-out.
export function categoryFromDb(value: DbCategory): Category {
  return value === "commented_out" ? "commented-out" : value;
}

export function categoryToDb(value: Category): DbCategory {
  return value === "commented-out" ? "commented_out" : value;
}

/** passed / (passed + failed + error + missing); skipped is never in it. Null when nothing counts. */
export function passRate(counts: { passed: number; failed: number; errors: number; missing: number }): number | null {
  const denominator = counts.passed + counts.failed + counts.errors + counts.missing;
  return denominator === 0 ? null : counts.passed / denominator;
}

/** A run's counted outcomes: what every run summary (API, overview, lists) shares. */
export interface RunCounts {
  tests: number;
  passed: number;
  failed: number;
  errors: number;
  skipped: number;
  missing: number;
  /** passed / (passed + failed + errors + missing), null when nothing counts. */
  passRate: number | null;
}
