/**
 * A memo keyed by text, bounded by the characters of its keys: past `maxChars` it starts over.
 * Keys are copied when stored. Report text comes out of the parser as slices of the decoded chunk
 * it was read from, and a key kept as such a slice (or a concatenation of them) would keep the
 * whole chunk alive: the bound would then say nothing about the memory held.
 */
export class TextMemo<V> {
  private entries = new Map<string, V>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Remembers `value` unless the key alone would take more than an eighth of the budget. */
  set(key: string, value: V): void {
    if (key.length > this.maxChars / 8) return;
    if (this.chars + key.length > this.maxChars) {
      this.entries = new Map();
      this.chars = 0;
    }
    this.entries.set(ownCopy(key), value);
    this.chars += key.length;
  }
}

/** A flat string of its own (no reference into a larger one). */
export function ownCopy(text: string): string {
  return Buffer.from(text, "utf16le").toString("utf16le");
}
