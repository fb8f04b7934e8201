// Shapes of lib/classify: rules as stored (RuleDefinition), compiled once (CompiledRulebook), and
// the result fields a rule can look at (ClassifiableResult).

// The vocabulary (categories, result statuses incl. `missing`) is the product's, shared with lib/db and the UI.
import type { Category, ResultStatus } from "@/lib/domain/vocabulary";

export { CATEGORIES } from "@/lib/domain/vocabulary";
export type { Category, ResultStatus } from "@/lib/domain/vocabulary";

/** The statuses a rule can name; passed results are never classified. */
export type RuleStatus = "failed" | "error" | "skipped" | "missing";

/**
 * One ordered classification rule as stored (project rules, Allure import, the default rulebook).
 * Every matcher that is present must match; an absent matcher matches anything. Regex matchers are
 * JavaScript regex sources, matched as "contains" and case-insensitive unless `caseSensitive`.
 */
export interface RuleDefinition {
  id: string;
  name: string;
  category: Category;
  statuses?: RuleStatus[];
  /** Regex on the failure type (`type` attribute, e.g. `AssertionError`). */
  type?: string;
  /** Regex on the message (or, when the report has no message, on the head of the trace). */
  message?: string;
  /** Regex on the trace (the text of the failure/error element). */
  trace?: string;
  /** picomatch glob on the test's file; a glob without `/` matches the basename. */
  file?: string;
  /** Regex on the test name. */
  testName?: string;
  /** Regex on the captured system-out. */
  output?: string;
  caseSensitive?: boolean;
  /** `.` also matches line breaks (the `s` flag); set for rules imported from Allure. */
  dotAll?: boolean;
}

export interface ClassifiableResult {
  status: ResultStatus;
  type: string | null;
  message: string | null;
  trace: string | null;
  file: string | null;
  name: string;
  classname: string | null;
  systemOut?: string | null;
}

export interface Classification {
  category: Category;
  ruleId: string;
  ruleName: string;
}

/** What `classifyResult` returns: null category for passed/skipped results, which are not classified. */
export type ClassificationResult =
  | Classification
  | { category: null; ruleId: null; ruleName: null };

export interface CompiledRule {
  readonly definition: RuleDefinition;
  readonly statuses: ReadonlySet<RuleStatus> | null;
  readonly type: RegExp | null;
  readonly message: RegExp | null;
  readonly trace: RegExp | null;
  readonly file: ((path: string) => boolean) | null;
  readonly testName: RegExp | null;
  readonly output: RegExp | null;
}

export interface CompiledRulebook {
  readonly rules: readonly CompiledRule[];
}
