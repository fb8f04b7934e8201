import { describe, expect, test } from "vitest";
import { KeySet, keyHash } from "./stage-file";

describe("KeySet", () => {
  test("holds every hash added, through several resizes, and nothing else", () => {
    const set = new KeySet();
    const keys = Array.from({ length: 50_000 }, (_, i) => keyHash(`com.acme.Suite::test_${i}[p=${i % 7}]`));
    for (const hash of keys.slice(0, 25_000)) set.add(hash);
    for (const hash of keys.slice(0, 25_000)) set.add(hash); // again: no duplicates, no growth
    expect(keys.slice(0, 25_000).every((hash) => set.has(hash))).toBe(true);
    expect(keys.slice(25_000).some((hash) => set.has(hash))).toBe(false);
    expect(set.has(0)).toBe(false);
    set.add(0);
    expect(set.has(0)).toBe(true);
  });

  test("keyHash gives distinct 53-bit values for distinct keys and the same for the same key", () => {
    const hashes = new Set(Array.from({ length: 100_000 }, (_, i) => keyHash(`tests.test_api::test_${i}`)));
    expect(hashes.size).toBe(100_000);
    expect(keyHash("a::b")).toBe(keyHash("a::b"));
    for (const hash of hashes) expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
  });
});
