import {
  buildRulebook,
  classifyResult,
  fingerprintResult,
  groupTitle,
  type ClassifiableResult,
  type CompiledRulebook,
  type RuleDefinition,
} from "@/lib/classify";
import type { Category } from "@/lib/domain/vocabulary";

export type ClassifierInput = ClassifiableResult;

export interface Classification {
  category: Category;
  ruleId: string;
  fingerprint: string;
  /** The normalised message: the failure group's signature. */
  title: string;
}

/** What ingestion needs from lib/classify: one verdict per non-passing result. */
export interface Classifier {
  classify(input: ClassifierInput): Classification;
}

/** A classifier over a rulebook: the project's rules first, then the defaults (lib/classify). */
export function createClassifier(projectRules: readonly RuleDefinition[] = []): Classifier {
  const rulebook: CompiledRulebook = buildRulebook(projectRules);
  return {
    classify(input) {
      const verdict = classifyResult(input, rulebook);
      // Only non-passing results reach here; a null category would mean a passing status slipped through.
      if (verdict.category === null) throw new Error(`Cannot classify a ${input.status} result`);
      return {
        category: verdict.category,
        ruleId: verdict.ruleId,
        fingerprint: fingerprintResult(verdict.category, input.type, input.message),
        title: groupTitle(input.type, input.message),
      };
    },
  };
}
