import type { ParsedCase } from "../junit";

export interface CaseClassification {
  category: string | null;
  rule: string | null;
  fingerprint: string | null;
}

/**
 * Hook for failure classification (category, matching rule, fingerprint). Returns nulls until
 * the classification issue fills it in from lib/classify; `greenboard parse` already prints
 * these fields so its output shape does not change when it does.
 */
export function classifyCase(testCase: ParsedCase): CaseClassification {
  void testCase;
  return { category: null, rule: null, fingerprint: null };
}
