import type { TestStatus } from "./types";

// status= words that mean "did not run", after lower-casing and dropping non-letters.
// NUnit: Ignored, Skipped, Explicit, Inconclusive, NotRunnable; TRX: NotExecuted, NotRunnable,
// Inconclusive, Pending; tst/Catch2-style: disabled; others: notrun, todo, excluded.
// Words like Failed/Error/Timeout are NOT used: a failure needs a <failure>/<error> element.
const SKIP_WORDS = new Set([
  "disabled",
  "skipped",
  "skip",
  "ignored",
  "ignore",
  "notrun",
  "notexecuted",
  "notrunnable",
  "inconclusive",
  "pending",
  "explicit",
  "excluded",
  "todo",
]);

export function isSkipStatusWord(status: string | undefined): boolean {
  if (status === undefined || status === "") return false;
  return SKIP_WORDS.has(status.toLowerCase().replace(/[^a-z]/g, ""));
}

const STATUS_SEVERITY: Record<TestStatus, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

export function compareSeverity(a: TestStatus, b: TestStatus): number {
  return STATUS_SEVERITY[a] - STATUS_SEVERITY[b];
}

const EXACT_POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `digits[.digits]` with at most 15 digits, else -1. Runs once per testcase: the digits and the
 * power of ten are exact doubles, so one division is correctly rounded — the same double Number(raw) gives.
 */
function parsePlainDecimal(raw: string): number {
  const length = raw.length;
  if (length > 16) return -1;
  let digits = 0;
  let dot = -1;
  for (let i = 0; i < length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) {
      digits = digits * 10 + (code - 0x30);
    } else if (code === 0x2e && dot === -1) {
      dot = i;
    } else {
      return -1;
    }
  }
  if (dot === -1) return length <= 15 ? digits : -1;
  if (length === 1) return -1;
  return digits / (EXACT_POWERS_OF_TEN[length - dot - 1] as number);
}

/**
 * A `time=` attribute in seconds → milliseconds. Accepts exponent notation and a decimal comma
 * ("1,234" → 1.234 s); with both "," and "." the commas are thousands separators. Missing, empty,
 * unparsable, infinite or negative → null (a negative duration is a producer bug, not a fast test).
 */
export function parseDurationMs(raw: string | undefined): number | null {
  if (raw === undefined || raw === "") return null;
  const plain = parsePlainDecimal(raw);
  if (plain !== -1) return Math.round(plain * 1e6) / 1e3;
  if (raw.indexOf(",") === -1) {
    // Number() already ignores surrounding whitespace; only whitespace-only must not read as 0.
    const seconds = Number(raw);
    if (!Number.isFinite(seconds) || seconds < 0 || (seconds === 0 && raw.trim() === "")) return null;
    return Math.round(seconds * 1e6) / 1e3;
  }
  let text = raw.trim();
  if (text.includes(",")) {
    const commas = text.split(",").length - 1;
    text = text.includes(".") || commas > 1 ? text.replace(/,/g, "") : text.replace(",", ".");
  }
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) return null;
  return Math.round(seconds * 1e6) / 1e3;
}

/** An integer count attribute (tests=, failures=, …); missing/empty/invalid → null. */
export function parseCount(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const text = raw.trim();
  if (text === "") return null;
  const value = Number(text);
  return Number.isFinite(value) ? Math.trunc(value) : null;
}
