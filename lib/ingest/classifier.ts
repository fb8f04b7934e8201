import {
  buildRulebook,
  createRuleMatcher,
  fingerprintOf,
  normaliseMessage,
  TextMemo,
  ownCopy,
  titleOf,
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

/** Characters of messages whose normalised form a classifier remembers before it starts over. */
const NORMALISED_MEMO_CHARS = 1_000_000;

/**
 * A classifier over a rulebook: the project's rules first, then the defaults (lib/classify).
 * Repeated failure texts are matched once (createRuleMatcher) and repeated messages normalised
 * once; both memos are bounded.
 */
export function createClassifier(projectRules: readonly RuleDefinition[] = []): Classifier {
  const rulebook: CompiledRulebook = buildRulebook(projectRules);
  const match = createRuleMatcher(rulebook);
  const normalised = new TextMemo<string>(NORMALISED_MEMO_CHARS);
  const normalise = (message: string | null): string => {
    if (!message) return "";
    let result = normalised.get(message);
    if (result === undefined) {
      result = normaliseMessage(message);
      // The result may be a slice of the message: kept, it would keep the parser's chunk alive.
      normalised.set(message, ownCopy(result));
    }
    return result;
  };
  return {
    classify(input) {
      const verdict = match(input);
      // Only non-passing results reach here; a null category would mean a passing status slipped through.
      if (verdict.category === null) throw new Error(`Cannot classify a ${input.status} result`);
      const message = normalise(input.message);
      return {
        category: verdict.category,
        ruleId: verdict.ruleId,
        fingerprint: fingerprintOf(verdict.category, input.type, message),
        title: titleOf(input.type, message),
      };
    },
  };
}
