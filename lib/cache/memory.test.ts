import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { createMemoryCache } from "./memory";
import { ExpiringMap } from "./shared";

describe("memory cache on a fake clock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("a value lives exactly its TTL", async () => {
    const cache = createMemoryCache();
    await cache.set("k", "v", 60);
    vi.advanceTimersByTime(59_999);
    expect(await cache.get("k")).toBe("v");
    vi.advanceTimersByTime(1);
    expect(await cache.get("k")).toBeUndefined();
    await cache.close();
  });

  test("a counter's window opens at the first increment and lasts windowSeconds", async () => {
    const cache = createMemoryCache();
    expect(await cache.increment("ip:1", 60)).toBe(1);
    vi.advanceTimersByTime(30_000);
    expect(await cache.increment("ip:1", 60)).toBe(2);
    vi.advanceTimersByTime(29_999);
    expect(await cache.increment("ip:1", 60)).toBe(3);
    vi.advanceTimersByTime(1);
    expect(await cache.increment("ip:1", 60)).toBe(1);
    await cache.close();
  });
});

describe("ExpiringMap", () => {
  test("drops the least recently used entry when full", () => {
    const map = new ExpiringMap<string>(3);
    const later = Date.now() + 60_000;
    map.set("a", "A", later);
    map.set("b", "B", later);
    map.set("c", "C", later);
    map.getEntry("a");
    map.set("d", "D", later);
    expect(map.size).toBe(3);
    expect(map.getEntry("b")).toBeUndefined();
    expect(["a", "c", "d"].map((key) => map.getEntry(key)?.value)).toEqual(["A", "C", "D"]);
  });

  test("sweep removes expired entries nobody reads", () => {
    const map = new ExpiringMap<number>(10);
    map.set("old", 1, 1_000);
    map.set("new", 2, 5_000);
    map.sweep(2_000);
    expect(map.size).toBe(1);
    expect(map.getEntry("new", 2_000)?.value).toBe(2);
  });
});

describe("memory cache bounds", () => {
  test("keeps at most maxEntries values", async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set("a", 1, 60);
    await cache.set("b", 2, 60);
    await cache.set("c", 3, 60);
    expect([await cache.get("a"), await cache.get("b"), await cache.get("c")]).toEqual([undefined, 2, 3]);
    await cache.close();
  });

  test("the periodic sweep evicts expired values without a read", async () => {
    vi.useFakeTimers();
    try {
      const cache = createMemoryCache({ sweepIntervalMs: 1_000, maxEntries: 2 });
      await cache.set("long", 2, 60);
      await cache.set("short", 1, 0.5);
      vi.advanceTimersByTime(1_000);
      // Had the sweep not run, "short" would still hold a slot and "long", least recently used, would go.
      await cache.set("new", 3, 60);
      expect(await cache.get("long")).toBe(2);
      await cache.close();
    } finally {
      vi.useRealTimers();
    }
  });

  test("a closed cache stops its sweep timer", async () => {
    vi.useFakeTimers();
    try {
      const before = vi.getTimerCount();
      const cache = createMemoryCache();
      expect(vi.getTimerCount()).toBe(before + 1);
      await cache.close();
      expect(vi.getTimerCount()).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });
});
