/**
 * A memo keyed by text, bounded by the characters of its keys (and of their probes, below): past
 * `maxChars` it starts over. Keys are copied when stored. Report text comes out of the parser as
 * slices of the decoded chunk it was read from, and a key kept as such a slice (or a
 * concatenation of them) would keep the whole chunk alive: the bound would then say nothing about
 * the memory held.
 */
export class TextMemo<V> {
  // By a probe of the key (probeOf), the whole keys kept beside their values and compared on a
  // hit: a Map hashes every character of a key it is asked for, and a failure's stack trace is
  // kilobytes long and a new string for every result (~25 ms per 10,000 failures of
  // bench:ingest's report, CPU profile, ad hoc), while equal strings compare at memory speed.
  // Texts that differ only in the middle (one assertion, two test names of one length) share a
  // probe and sit side by side, up to PER_PROBE of them.
  private entries = new Map<string, { key: string; value: V }[]>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): V | undefined {
    const shared = this.entries.get(probeOf(key));
    if (shared === undefined) return undefined;
    for (const entry of shared) if (entry.key === key) return entry.value;
    return undefined;
  }

  /** Remembers `value` unless the key alone would take more than an eighth of the budget. */
  set(key: string, value: V): void {
    if (key.length > this.maxChars / 8) return;
    const own = ownCopy(key);
    const probe = probeOf(own);
    const cost = key.length + (probe === own ? 0 : probe.length);
    if (this.chars + cost > this.maxChars) {
      this.entries = new Map();
      this.chars = 0;
    }
    const shared = this.entries.get(probe);
    if (shared === undefined) this.entries.set(probe, [{ key: own, value }]);
    else {
      const same = shared.findIndex((entry) => entry.key === own);
      if (same >= 0) shared.splice(same, 1);
      // The oldest goes first; its characters stay counted until the memo starts over.
      else if (shared.length >= PER_PROBE) shared.shift();
      shared.push({ key: own, value });
    }
    this.chars += cost;
  }
}

const PROBE_CHARS = 128;
const PER_PROBE = 8;

/** The key itself when short; else its length, head and tail. */
function probeOf(key: string): string {
  return key.length <= 2 * PROBE_CHARS ? key : `${key.length}:${key.slice(0, PROBE_CHARS)}${key.slice(-PROBE_CHARS)}`;
}

/** A flat string of its own (no reference into a larger one). */
export function ownCopy(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}
