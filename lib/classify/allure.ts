import { z } from "zod";
import { ClassifyError } from "./errors";
import type { Category, RuleDefinition, RuleStatus } from "./types";

// Allure's categories.json: https://allurereport.org/docs/categories/ — an array of
// { name, messageRegex?, traceRegex?, matchedStatuses? }. Allure matches its regexes against the
// WHOLE message/trace (Java `matches`, DOTALL); Greenboard rules match "contains". Import wraps
// Allure's patterns as `^(?:…)$` with dotAll; export wraps ours as `.*(?:…).*`.

export const AllureStatus = z.enum(["failed", "broken", "passed", "skipped", "unknown"]);
export type AllureStatus = z.infer<typeof AllureStatus>;

export const AllureCategory = z.object({
  name: z.string().trim().min(1, "a category needs a name"),
  description: z.string().optional(),
  messageRegex: z.string().optional(),
  traceRegex: z.string().optional(),
  matchedStatuses: z.array(AllureStatus).optional(),
  flaky: z.boolean().optional(),
});
export type AllureCategory = z.infer<typeof AllureCategory>;

export const AllureCategories = z.array(AllureCategory);
export type AllureCategories = z.infer<typeof AllureCategories>;

const FROM_ALLURE_STATUS: Partial<Record<AllureStatus, RuleStatus>> = {
  failed: "failed",
  broken: "error",
  skipped: "skipped",
};
const TO_ALLURE_STATUS: Partial<Record<RuleStatus, AllureStatus>> = {
  failed: "failed",
  error: "broken",
  skipped: "skipped",
};

function invalid(message: string, cause?: unknown): ClassifyError {
  return new ClassifyError("invalid-allure-categories", message, { cause });
}

/** Validates categories.json content (a string or parsed JSON); throws ClassifyError. */
export function parseAllureCategories(input: unknown): AllureCategories {
  let value = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input) as unknown;
    } catch (error) {
      throw invalid(`categories.json is not valid JSON: ${(error as Error).message}`, error);
    }
  }
  const parsed = AllureCategories.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    throw invalid(`categories.json is not an array of Allure categories${where}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}

// Java's inline flags ((?i), (?s), (?m)) are common in categories.json; JavaScript has no
// leading inline-flag group, so they become RegExp flags. `(?s:.*)` is what our export writes.
function toAnchoredSource(name: string, field: string, pattern: string): { source: string; caseSensitive: boolean } {
  let body = pattern;
  let inline = "";
  for (let flags = /^\(\?([a-zA-Z]+)\)/.exec(body); flags; flags = /^\(\?([a-zA-Z]+)\)/.exec(body)) {
    inline += flags[1] ?? "";
    body = body.slice(flags[0].length);
  }
  const unsupported = inline.replace(/[ism]/g, "");
  if (unsupported) throw invalid(`Category "${name}": ${field} uses unsupported inline flag(s) "${unsupported}"`);
  const source = `^(?:${body.split(ANY_TEXT).join(".*")})$`;
  try {
    new RegExp(source, "s");
  } catch (error) {
    throw invalid(`Category "${name}": ${field} is not a valid regular expression: ${(error as Error).message}`, error);
  }
  return { source, caseSensitive: !inline.includes("i") };
}

const ANY_TEXT = "(?s:.*)";

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "category";
}

/**
 * Allure categories → Greenboard rules (in file order). `categoryFor` maps an Allure category
 * name to a Greenboard category; names it does not mention become `other`.
 */
export function importAllureCategories(
  input: unknown,
  categoryFor: Readonly<Record<string, Category>> = {},
): RuleDefinition[] {
  const categories = parseAllureCategories(input);
  const usedIds = new Set<string>();
  return categories.map((entry) => {
    let id = `allure:${slug(entry.name)}`;
    for (let n = 2; usedIds.has(id); n++) id = `allure:${slug(entry.name)}-${n}`;
    usedIds.add(id);
    const rule: RuleDefinition = { id, name: entry.name, category: categoryFor[entry.name] ?? "other", dotAll: true };
    let caseSensitive = true;
    if (entry.messageRegex !== undefined) {
      const compiled = toAnchoredSource(entry.name, "messageRegex", entry.messageRegex);
      rule.message = compiled.source;
      caseSensitive &&= compiled.caseSensitive;
    }
    if (entry.traceRegex !== undefined) {
      const compiled = toAnchoredSource(entry.name, "traceRegex", entry.traceRegex);
      rule.trace = compiled.source;
      caseSensitive &&= compiled.caseSensitive;
    }
    // Allure regexes are case-sensitive unless (?i); a rule has one switch for all its matchers.
    rule.caseSensitive = caseSensitive;
    if (entry.matchedStatuses) {
      const statuses = [...new Set(entry.matchedStatuses.flatMap((s) => FROM_ALLURE_STATUS[s] ?? []))];
      // Only passed/unknown listed: nothing Greenboard classifies can match.
      rule.statuses = statuses.length > 0 ? statuses : ["skipped"];
    }
    return rule;
  });
}

export interface AllureExport {
  categories: AllureCategories;
  /** Rules Allure cannot express faithfully (file, test name, type or output matchers; `missing` only). */
  omitted: { ruleId: string; reason: string }[];
}

// Ours are "contains" patterns; Allure wants the whole string. An Allure-imported rule is already
// anchored (`^(?:…)$` with dotAll) and goes back as it came.
function toAllureRegex(source: string, rule: RuleDefinition): string {
  const prefix = rule.caseSensitive ? "" : "(?i)";
  const anchored = rule.dotAll ? /^\^\(\?:([\s\S]*)\)\$$/.exec(source) : null;
  if (anchored?.[1] !== undefined) return `${prefix}${anchored[1]}`;
  return `${prefix}${ANY_TEXT}(?:${source})${ANY_TEXT}`;
}

/** Greenboard rules → categories.json entries, in rule order. */
export function exportAllureCategories(rules: readonly RuleDefinition[]): AllureExport {
  const categories: AllureCategories = [];
  const omitted: AllureExport["omitted"] = [];
  for (const rule of rules) {
    const unsupported = (["type", "file", "testName", "output"] as const).filter((key) => rule[key]);
    if (unsupported.length > 0) {
      omitted.push({ ruleId: rule.id, reason: `Allure cannot match on ${unsupported.join(", ")}` });
      continue;
    }
    const entry: AllureCategory = { name: rule.name };
    if (rule.message) entry.messageRegex = toAllureRegex(rule.message, rule);
    if (rule.trace) entry.traceRegex = toAllureRegex(rule.trace, rule);
    if (rule.statuses && rule.statuses.length > 0) {
      const statuses = [...new Set(rule.statuses.flatMap((s) => TO_ALLURE_STATUS[s] ?? []))];
      if (statuses.length === 0) {
        omitted.push({ ruleId: rule.id, reason: "Allure has no status for missing tests" });
        continue;
      }
      entry.matchedStatuses = statuses;
    }
    categories.push(entry);
  }
  return { categories, omitted };
}
