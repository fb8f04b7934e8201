// lib/classify — rules, the default rulebook, fingerprints, Allure categories. Pure functions.
export { CATEGORIES } from "./types";
export type * from "./types";
export { ClassifyError, isClassifyError } from "./errors";
export type { ClassifyErrorCode } from "./errors";
export { DEFAULT_RULES } from "./default-rules";
export { MATCHER_MEMO_CHARS, MATCH_LIMITS, UNMATCHED, buildRulebook, classifyResult, compileRules, createRuleMatcher } from "./rules";
export { TextMemo, ownCopy } from "./text-memo";
export { fingerprintOf, fingerprintResult, groupTitle, normaliseMessage, titleOf } from "./fingerprint";
export {
  AllureCategory,
  AllureCategories,
  exportAllureCategories,
  importAllureCategories,
  parseAllureCategories,
} from "./allure";
