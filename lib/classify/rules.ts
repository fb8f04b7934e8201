import picomatch from "picomatch";
import { DEFAULT_RULES } from "./default-rules";
import { ClassifyError } from "./errors";
import { TextMemo } from "./text-memo";
import {
  CATEGORIES,
  type ClassifiableResult,
  type ClassificationResult,
  type CompiledRule,
  type CompiledRulebook,
  type RuleDefinition,
  type RuleStatus,
} from "./types";

/**
 * Regexes only ever see the head of a text: a backtracking pattern on a multi-megabyte trace
 * could stall ingestion, and the evidence a rule looks for (exception type, message, first
 * "Caused by") sits at the start. 16 KiB of message, 32 KiB of trace and of system-out.
 */
export const MATCH_LIMITS = { message: 16 * 1024, trace: 32 * 1024, output: 32 * 1024, short: 1024 } as const;

export const UNMATCHED: { category: "other"; ruleId: string; ruleName: string } = {
  category: "other",
  ruleId: "default:unmatched",
  ruleName: "No rule matched",
};

const RULE_STATUSES: readonly RuleStatus[] = ["failed", "error", "skipped", "missing"];

function compileRegex(rule: RuleDefinition, field: string, source: string | undefined): RegExp | null {
  if (source === undefined || source === "") return null;
  try {
    return new RegExp(source, `${rule.caseSensitive ? "" : "i"}${rule.dotAll ? "s" : ""}`);
  } catch (error) {
    throw new ClassifyError(
      "invalid-rule",
      `Rule "${rule.id}": ${field} is not a valid regular expression: ${(error as Error).message}`,
      { ruleId: rule.id, cause: error },
    );
  }
}

function compileRule(rule: RuleDefinition): CompiledRule {
  if (!rule.id.trim()) throw new ClassifyError("invalid-rule", "A rule needs a non-empty id");
  if (!(CATEGORIES as readonly string[]).includes(rule.category)) {
    throw new ClassifyError("invalid-rule", `Rule "${rule.id}": unknown category "${rule.category}"`, {
      ruleId: rule.id,
    });
  }
  for (const status of rule.statuses ?? []) {
    if (!RULE_STATUSES.includes(status)) {
      throw new ClassifyError("invalid-rule", `Rule "${rule.id}": unknown status "${status}"`, { ruleId: rule.id });
    }
  }
  let file: ((path: string) => boolean) | null = null;
  if (rule.file) {
    try {
      file = picomatch(rule.file, { dot: true, basename: !rule.file.includes("/"), nocase: !rule.caseSensitive });
    } catch (error) {
      throw new ClassifyError("invalid-rule", `Rule "${rule.id}": file is not a valid glob`, {
        ruleId: rule.id,
        cause: error,
      });
    }
  }
  return {
    definition: rule,
    statuses: rule.statuses && rule.statuses.length > 0 ? new Set(rule.statuses) : null,
    type: compileRegex(rule, "type", rule.type),
    message: compileRegex(rule, "message", rule.message),
    trace: compileRegex(rule, "trace", rule.trace),
    file,
    testName: compileRegex(rule, "testName", rule.testName),
    output: compileRegex(rule, "output", rule.output),
  };
}

/** Compiles every regex and glob once; throws ClassifyError on a bad pattern or a repeated id. */
export function compileRules(rules: readonly RuleDefinition[]): CompiledRulebook {
  const seen = new Set<string>();
  const compiled: CompiledRule[] = [];
  for (const rule of rules) {
    if (seen.has(rule.id)) {
      throw new ClassifyError("duplicate-rule-id", `Rule id "${rule.id}" is used more than once`, { ruleId: rule.id });
    }
    seen.add(rule.id);
    compiled.push(compileRule(rule));
  }
  return { rules: compiled };
}

/** Project rules first (so a project can override any default), then the default rulebook. */
export function buildRulebook(projectRules: readonly RuleDefinition[] = []): CompiledRulebook {
  return compileRules([...projectRules, ...DEFAULT_RULES]);
}

function head(text: string | null | undefined, limit: number): string {
  if (!text) return "";
  return text.length > limit ? text.slice(0, limit) : text;
}

function normalisePath(file: string): string {
  return file.replace(/\\/g, "/").replace(/^\.\//, "");
}

interface MatchTexts {
  type: string;
  message: string;
  trace: string;
  output: string;
}

function matchTexts(input: ClassifiableResult): MatchTexts {
  const message = input.message?.trim() ? input.message : input.trace;
  return {
    type: head(input.type, MATCH_LIMITS.short),
    message: head(message, MATCH_LIMITS.message),
    trace: head(input.trace, MATCH_LIMITS.trace),
    output: head(input.systemOut, MATCH_LIMITS.output),
  };
}

/** The conditions on a failure's own texts: status, type, message, trace. */
function textsMatch(rule: CompiledRule, input: ClassifiableResult, texts: MatchTexts): boolean {
  if (rule.statuses && !rule.statuses.has(input.status as RuleStatus)) return false;
  if (rule.type && !rule.type.test(texts.type)) return false;
  if (rule.message && !rule.message.test(texts.message)) return false;
  if (rule.trace && !rule.trace.test(texts.trace)) return false;
  return true;
}

/** The conditions on where it happened: test name, system-out, file. */
function placeMatches(rule: CompiledRule, input: ClassifiableResult, texts: MatchTexts): boolean {
  if (rule.testName && !rule.testName.test(head(input.name, MATCH_LIMITS.short))) return false;
  if (rule.output && !rule.output.test(texts.output)) return false;
  if (rule.file && !(input.file !== null && rule.file(normalisePath(input.file)))) return false;
  return true;
}

function ruleMatches(rule: CompiledRule, input: ClassifiableResult, texts: MatchTexts): boolean {
  return textsMatch(rule, input, texts) && placeMatches(rule, input, texts);
}

function verdictOf(rule: CompiledRule): ClassificationResult {
  return { category: rule.definition.category, ruleId: rule.definition.id, ruleName: rule.definition.name };
}

/**
 * The first matching rule decides; a non-passing result no rule matches is `other`
 * (`default:unmatched`). Passed and skipped results are not classified.
 */
export function classifyResult(input: ClassifiableResult, rulebook: CompiledRulebook): ClassificationResult {
  if (input.status === "passed" || input.status === "skipped") {
    return { category: null, ruleId: null, ruleName: null };
  }
  const texts = matchTexts(input);
  for (const rule of rulebook.rules) {
    if (ruleMatches(rule, input, texts)) return verdictOf(rule);
  }
  return { ...UNMATCHED };
}

/** Characters of text a rule matcher remembers before it starts over (2 bytes each at most). */
export const MATCHER_MEMO_CHARS = 2_000_000;

/**
 * `classifyResult` for many results, remembering per distinct failure text (status, type,
 * message, trace) which rules its text conditions pass: the same failure repeated across tests —
 * one stack for every test a broken fixture or a down service failed — goes through the
 * rulebook's patterns once. Test name, system-out and file conditions are still checked for each
 * result, in rule order, so the verdicts are exactly classifyResult's. Memory is bounded: past
 * `memoChars` characters of remembered text the memo starts over.
 */
export function createRuleMatcher(rulebook: CompiledRulebook, memoChars: number = MATCHER_MEMO_CHARS): (input: ClassifiableResult) => ClassificationResult {
  const memo = new TextMemo<readonly CompiledRule[]>(memoChars);
  return (input) => {
    if (input.status === "passed" || input.status === "skipped") return { category: null, ruleId: null, ruleName: null };
    const texts = matchTexts(input);
    // Lengths first, so no two different tuples of texts make the same key.
    const key = `${input.status}:${texts.type.length}:${texts.message.length}:${texts.type}${texts.message}${texts.trace}`;
    let candidates = memo.get(key);
    if (!candidates) {
      const found: CompiledRule[] = [];
      for (const rule of rulebook.rules) {
        if (!textsMatch(rule, input, texts)) continue;
        found.push(rule);
        // No condition on where the failure happened: it decides for every result with these
        // texts, and no later rule is ever reached (a first sight costs what classifyResult does).
        if (!rule.testName && !rule.output && !rule.file) break;
      }
      candidates = found;
      memo.set(key, candidates);
    }
    for (const rule of candidates) if (placeMatches(rule, input, texts)) return verdictOf(rule);
    return { ...UNMATCHED };
  };
}
