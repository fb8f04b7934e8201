import { compareSeverity } from "./outcome";
import type { MergedCase, ParsedCase } from "./types";

// Repeated testcase elements with one key in one report are attempts of one test (retries,
// reruns, parameterisations that collapse to one name). The raw parse keeps every element;
// this folds them into one result per key.

interface KeyState {
  attempts: ParsedCase[];
  runs: number;
}

function runsOf(parsed: ParsedCase): number {
  return 1 + (parsed.attempts?.length ?? 0);
}

function hadFailingRun(parsed: ParsedCase): boolean {
  return parsed.status !== "passed" || parsed.flaky;
}

function mergeKey(state: KeyState): MergedCase {
  const { attempts } = state;
  const last = attempts[attempts.length - 1] as ParsedCase;
  if (attempts.length === 1) return { ...last, attemptCount: state.runs };
  if (last.status === "passed") {
    // Passed in the end: flaky when any earlier element did not pass (or was itself flaky).
    const flaky = attempts.some(hadFailingRun);
    return { ...last, flaky, attemptCount: state.runs };
  }
  // Otherwise the most severe outcome; its last element supplies message, type and trace.
  let worst = last;
  for (const attempt of attempts) {
    if (compareSeverity(attempt.status, worst.status) >= 0) worst = attempt;
  }
  return { ...worst, flaky: false, attemptCount: state.runs };
}

/** A keyed reducer for streams: `add` each case as it is parsed, `results` at the end. */
export class AttemptMerger {
  private readonly byKey = new Map<string, KeyState>();

  add(parsed: ParsedCase): void {
    const state = this.byKey.get(parsed.key);
    if (state === undefined) {
      this.byKey.set(parsed.key, { attempts: [parsed], runs: runsOf(parsed) });
    } else {
      state.attempts.push(parsed);
      state.runs += runsOf(parsed);
    }
  }

  /** One merged case per key, in order of each key's first appearance. */
  results(): MergedCase[] {
    return Array.from(this.byKey.values(), mergeKey);
  }
}

/**
 * Folds repeated elements with the same key: `passed` + `flaky` when the last attempt passed
 * and an earlier one did not; else the most severe status (error > failed > skipped > passed).
 * `attemptCount` counts every run, including Surefire flaky/rerun runs inside an element.
 */
export function mergeAttempts(cases: Iterable<ParsedCase>): MergedCase[] {
  const merger = new AttemptMerger();
  for (const parsed of cases) merger.add(parsed);
  return merger.results();
}
