import { afterAll, afterEach, describe, expect, test } from "vitest";
import { createCache, type Cache } from "./index";
import { TEST_REDIS_URL, deleteKeysWithPrefix, sleep, testKeyPrefix, waitUntil } from "./testing/redis";

const keyPrefix = testKeyPrefix();
afterAll(() => deleteKeysWithPrefix(keyPrefix));

/** Publishes probes until the subscription is live: SUBSCRIBE is asynchronous with Redis. */
async function waitForSubscription(cache: Cache, channel: string): Promise<void> {
  let isLive = false;
  const unsubscribe = cache.subscribe(channel, () => {
    isLive = true;
  });
  const deadline = Date.now() + 10_000;
  while (!isLive) {
    if (Date.now() > deadline) throw new Error(`no delivery on "${channel}"`);
    await cache.publish(channel, "probe");
    await sleep(25);
  }
  unsubscribe();
}

function collect(cache: Cache, channel: string): { messages: unknown[]; unsubscribe: () => void } {
  const messages: unknown[] = [];
  const unsubscribe = cache.subscribe(channel, (message) => messages.push(message));
  return { messages, unsubscribe };
}

describe.each([
  { kind: "memory", redisUrl: undefined },
  { kind: "redis", redisUrl: TEST_REDIS_URL },
] as const)("$kind cache", ({ kind, redisUrl }) => {
  const open: Cache[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((cache) => cache.close()));
  });

  async function makeCache(): Promise<Cache> {
    const cache = createCache({ redisUrl, keyPrefix });
    open.push(cache);
    await waitUntil(() => cache.health().connected, 10_000, `${kind} cache to connect`);
    return cache;
  }

  test("reports its kind and health", async () => {
    const cache = await makeCache();
    expect(cache.kind).toBe(kind);
    expect(cache.health()).toEqual({ kind, connected: true });
  });

  test.each<[string, unknown]>([
    ["a string", "hello"],
    ["a number", 42.5],
    ["false", false],
    ["null", null],
    ["an array", [1, "two", { three: 3 }]],
    ["an object", { run: "r1", counts: { passed: 10, failed: 2 }, tags: ["ci"] }],
  ])("round-trips %s as JSON", async (_label, value) => {
    const cache = await makeCache();
    await cache.set(`value:${kind}:${String(_label)}`, value, 30);
    expect(await cache.get(`value:${kind}:${String(_label)}`)).toEqual(value);
  });

  test("misses an unknown key", async () => {
    const cache = await makeCache();
    expect(await cache.get(`missing:${kind}`)).toBeUndefined();
  });

  test("returns copies, so a caller's mutation doesn't reach the cache", async () => {
    const cache = await makeCache();
    const key = `copy:${kind}`;
    const value = { list: [1] };
    await cache.set(key, value, 30);
    value.list.push(2);
    const first = await cache.get<{ list: number[] }>(key);
    first?.list.push(3);
    expect(await cache.get(key)).toEqual({ list: [1] });
  });

  test("expires a value after its TTL", async () => {
    const cache = await makeCache();
    const key = `ttl:${kind}`;
    await cache.set(key, "soon gone", 0.2);
    expect(await cache.get(key)).toBe("soon gone");
    await sleep(350);
    expect(await cache.get(key)).toBeUndefined();
  });

  test("overwriting a value replaces its TTL", async () => {
    const cache = await makeCache();
    const key = `ttl-overwrite:${kind}`;
    await cache.set(key, 1, 0.2);
    await cache.set(key, 2, 30);
    await sleep(350);
    expect(await cache.get(key)).toBe(2);
  });

  test("deletes a value, and setting undefined deletes too", async () => {
    const cache = await makeCache();
    await cache.set(`del:${kind}`, "x", 30);
    await cache.delete(`del:${kind}`);
    expect(await cache.get(`del:${kind}`)).toBeUndefined();
    await cache.set(`undef:${kind}`, "x", 30);
    await cache.set(`undef:${kind}`, undefined, 30);
    expect(await cache.get(`undef:${kind}`)).toBeUndefined();
    await expect(cache.delete(`never-set:${kind}`)).resolves.toBeUndefined();
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects a TTL or window of %s", async (seconds) => {
    const cache = await makeCache();
    await expect(cache.set("bad-ttl", 1, seconds)).rejects.toThrow(RangeError);
    await expect(cache.getOrCompute("bad-ttl", seconds, async () => 1)).rejects.toThrow(RangeError);
    await expect(cache.increment("bad-window", seconds)).rejects.toThrow(RangeError);
  });

  test("getOrCompute computes on a miss and serves the cached value after", async () => {
    const cache = await makeCache();
    const key = `compute:${kind}`;
    let calls = 0;
    const compute = async () => ({ call: ++calls });
    expect(await cache.getOrCompute(key, 30, compute)).toEqual({ call: 1 });
    expect(await cache.getOrCompute(key, 30, compute)).toEqual({ call: 1 });
    expect(await cache.get(key)).toEqual({ call: 1 });
    expect(calls).toBe(1);
  });

  test("getOrCompute recomputes once the TTL has passed", async () => {
    const cache = await makeCache();
    const key = `compute-ttl:${kind}`;
    let calls = 0;
    const compute = async () => ++calls;
    expect(await cache.getOrCompute(key, 0.2, compute)).toBe(1);
    await sleep(350);
    expect(await cache.getOrCompute(key, 0.2, compute)).toBe(2);
  });

  test("getOrCompute shares one computation between concurrent callers", async () => {
    const cache = await makeCache();
    const key = `compute-concurrent:${kind}`;
    let calls = 0;
    const compute = async () => {
      calls += 1;
      await sleep(50);
      return "shared";
    };
    const results = await Promise.all([1, 2, 3, 4].map(() => cache.getOrCompute(key, 30, compute)));
    expect(results).toEqual(["shared", "shared", "shared", "shared"]);
    expect(calls).toBe(1);
  });

  test("getOrCompute passes a compute error to the caller and caches nothing", async () => {
    const cache = await makeCache();
    const key = `compute-error:${kind}`;
    await expect(
      cache.getOrCompute(key, 30, async () => {
        throw new Error("database down");
      }),
    ).rejects.toThrow("database down");
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.getOrCompute(key, 30, async () => "recovered")).toBe("recovered");
  });

  test("increment counts within a window, per key", async () => {
    const cache = await makeCache();
    const counts = [];
    for (let i = 0; i < 3; i += 1) counts.push(await cache.increment(`count-a:${kind}`, 30));
    expect(counts).toEqual([1, 2, 3]);
    expect(await cache.increment(`count-b:${kind}`, 30)).toBe(1);
  });

  test("increment starts over when the window closes", async () => {
    const cache = await makeCache();
    const key = `count-window:${kind}`;
    expect(await cache.increment(key, 0.3)).toBe(1);
    expect(await cache.increment(key, 0.3)).toBe(2);
    await sleep(450);
    expect(await cache.increment(key, 0.3)).toBe(1);
  });

  test("increment is atomic under concurrency", async () => {
    const cache = await makeCache();
    const key = `count-concurrent:${kind}`;
    const counts = await Promise.all(Array.from({ length: 25 }, () => cache.increment(key, 30)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  test("counters and cached values don't share keys", async () => {
    const cache = await makeCache();
    const key = `shared-name:${kind}`;
    await cache.set(key, "value", 30);
    expect(await cache.increment(key, 30)).toBe(1);
    expect(await cache.get(key)).toBe("value");
  });

  test("delivers published messages to every subscriber of the channel, in order", async () => {
    const cache = await makeCache();
    const channel = `runs:${kind}`;
    await waitForSubscription(cache, channel);
    const first = collect(cache, channel);
    const second = collect(cache, channel);
    const other = collect(cache, `other:${kind}`);
    await cache.publish(channel, { runId: "r1" });
    await cache.publish(channel, "two");
    await waitUntil(() => first.messages.length === 2 && second.messages.length === 2);
    expect(first.messages).toEqual([{ runId: "r1" }, "two"]);
    expect(second.messages).toEqual([{ runId: "r1" }, "two"]);
    expect(other.messages).toEqual([]);
  });

  test("stops delivering after unsubscribe, to that handler only", async () => {
    const cache = await makeCache();
    const channel = `unsub:${kind}`;
    const stays = collect(cache, channel);
    await waitForSubscription(cache, channel);
    const leaves = collect(cache, channel);
    await cache.publish(channel, 1);
    await waitUntil(() => stays.messages.includes(1) && leaves.messages.includes(1));
    leaves.unsubscribe();
    leaves.unsubscribe(); // twice is harmless
    await cache.publish(channel, 2);
    await waitUntil(() => stays.messages.includes(2));
    await sleep(50);
    expect(leaves.messages).toEqual([1]);
    stays.unsubscribe();
    await cache.publish(channel, 3);
    await sleep(100);
    expect(stays.messages).not.toContain(3);
  });

  test("a throwing handler doesn't stop the others", async () => {
    const cache = await makeCache();
    const channel = `throws:${kind}`;
    await waitForSubscription(cache, channel);
    const errors: unknown[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      cache.subscribe(channel, () => {
        throw new Error("handler bug");
      });
      const healthy = collect(cache, channel);
      await cache.publish(channel, "still delivered");
      await waitUntil(() => healthy.messages.length === 1);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = originalError;
    }
  });
});

describe("redis cache across instances", () => {
  const open: Cache[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((cache) => cache.close()));
  });

  async function makeCache(prefix = keyPrefix): Promise<Cache> {
    const cache = createCache({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix });
    open.push(cache);
    await waitUntil(() => cache.health().connected);
    return cache;
  }

  test("a message published by one instance reaches subscribers of another", async () => {
    const [publisher, subscriber] = await Promise.all([makeCache(), makeCache()]);
    const received = collect(subscriber, "cross");
    await waitForSubscription(subscriber, "cross");
    await publisher.publish("cross", { from: "publisher" });
    await waitUntil(() => received.messages.some((m) => typeof m === "object" && m !== null));
    expect(received.messages.filter((m) => m !== "probe")).toEqual([{ from: "publisher" }]);
  });

  test("instances share values and counters", async () => {
    const [a, b] = await Promise.all([makeCache(), makeCache()]);
    await a.set("shared", { by: "a" }, 30);
    expect(await b.get("shared")).toEqual({ by: "a" });
    expect(await a.increment("shared-counter", 30)).toBe(1);
    expect(await b.increment("shared-counter", 30)).toBe(2);
  });

  test("different key prefixes don't see each other", async () => {
    const otherPrefix = testKeyPrefix();
    try {
      const [a, b] = await Promise.all([makeCache(), makeCache(otherPrefix)]);
      await a.set("isolated", "a", 30);
      expect(await b.get("isolated")).toBeUndefined();
      const received = collect(b, "isolated");
      await a.publish("isolated", "for a's prefix only");
      await sleep(100);
      expect(received.messages).toEqual([]);
    } finally {
      await deleteKeysWithPrefix(otherPrefix);
    }
  });
});
