/**
 * A memo keyed by text, bounded by the characters of its keys: past `maxChars` it starts over.
 * Keys are copied when stored. Report text comes out of the parser as slices of the decoded chunk
 * it was read from, and a key kept as such a slice (or a concatenation of them) would keep the
 * whole chunk alive: the bound would then say nothing about the memory held.
 */
export class TextMemo<V> {
  // By a probe of the key (probeOf), the whole key kept beside the value and compared on a hit:
  // a Map hashes every character of a key it is asked for, and a failure's stack trace is
  // kilobytes long and a new string for every result (~25 ms per 10,000 failures of
  // bench:ingest's report, CPU profile, ad hoc), while equal strings compare at memory speed.
  private entries = new Map<string, { key: string; value: V }>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(probeOf(key));
    return entry !== undefined && entry.key === key ? entry.value : undefined;
  }

  /** Remembers `value` unless the key alone would take more than an eighth of the budget. */
  set(key: string, value: V): void {
    if (key.length > this.maxChars / 8) return;
    if (this.chars + key.length > this.maxChars) {
      this.entries = new Map();
      this.chars = 0;
    }
    const own = ownCopy(key);
    // Another key with the same probe is replaced (get compares the whole key, so it is only a miss).
    this.entries.set(probeOf(own), { key: own, value });
    this.chars += key.length;
  }
}

const PROBE_CHARS = 128;

/** The key itself when short; else its length, head and tail (keys that differ only in the middle share a probe). */
function probeOf(key: string): string {
  return key.length <= 2 * PROBE_CHARS ? key : `${key.length}:${key.slice(0, PROBE_CHARS)}${key.slice(-PROBE_CHARS)}`;
}

/** A flat string of its own (no reference into a larger one). */
export function ownCopy(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}
