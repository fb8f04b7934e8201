import type { ParsedCase } from "../junit";
import { defaultClassifier } from "../ingest/default-classifier";

export interface CaseClassification {
  category: string | null;
  rule: string | null;
  fingerprint: string | null;
}

const NOT_CLASSIFIED: CaseClassification = { category: null, rule: null, fingerprint: null };

/** Category, deciding rule and group fingerprint of a failing case (default rulebook); nulls for passed and skipped. */
export function classifyCase(testCase: ParsedCase): CaseClassification {
  if (testCase.status !== "failed" && testCase.status !== "error") return NOT_CLASSIFIED;
  const verdict = defaultClassifier.classify({
    status: testCase.status,
    type: testCase.type,
    message: testCase.message,
    trace: testCase.trace,
    file: testCase.file,
    name: testCase.name,
    classname: testCase.classname,
    systemOut: testCase.systemOut ?? null,
  });
  return { category: verdict.category, rule: verdict.ruleId, fingerprint: verdict.fingerprint };
}
