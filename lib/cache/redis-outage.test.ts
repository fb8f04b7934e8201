// Redis going away at run time, reached through a TCP proxy the test cuts; the real Redis is never touched.
import { afterAll, afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from "vitest";
import { createCache, type Cache } from "./index";
import { createRedisCache } from "./redis";
import { findClosedPort, startTcpProxy, type TcpProxy } from "./testing/tcp-proxy";
import { TEST_REDIS_URL, deleteKeysWithPrefix, sleep, testKeyPrefix, waitUntil } from "./testing/redis";

const keyPrefix = testKeyPrefix();
const redisTarget = new URL(TEST_REDIS_URL);
const BOUND_MS = 1_500;

afterAll(() => deleteKeysWithPrefix(keyPrefix));

/** Awaits `call`, failing if it takes longer than BOUND_MS; returns the result and the time taken. */
async function timed<R>(call: () => Promise<R>): Promise<{ result: R; ms: number }> {
  const started = performance.now();
  const result = await call();
  const ms = performance.now() - started;
  expect(ms).toBeLessThan(BOUND_MS);
  return { result, ms };
}

/** Every operation, each bounded in time and none throwing, while Redis is unreachable. */
async function expectDegradedOperations(cache: Cache, round: string): Promise<void> {
  expect((await timed(() => cache.get("before-outage"))).result).toBeUndefined();
  await timed(() => cache.set(`during-outage:${round}`, "dropped", 30));
  expect((await timed(() => cache.get(`during-outage:${round}`))).result).toBeUndefined();
  await timed(() => cache.delete("before-outage"));
  expect((await timed(() => cache.getOrCompute(`computed:${round}`, 30, async () => `fresh ${round}`))).result).toBe(
    `fresh ${round}`,
  );
  expect(typeof (await timed(() => cache.increment("limited", 60))).result).toBe("number");
  await timed(() => cache.publish("events", { round }));
}

describe("redis cache when Redis goes away", () => {
  let proxy: TcpProxy;
  let warn: MockInstance<typeof console.warn>;
  let info: MockInstance<typeof console.info>;
  const open: Cache[] = [];

  beforeEach(async () => {
    proxy = await startTcpProxy({ host: redisTarget.hostname, port: Number(redisTarget.port || 6379) });
    // Outage logging is part of the behaviour under test; keep it out of the test output.
    warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    info = vi.spyOn(console, "info").mockImplementation(() => {});
  });

  afterEach(async () => {
    await Promise.all(open.splice(0).map((cache) => cache.close()));
    await proxy.stop();
    vi.restoreAllMocks();
  });

  test("keeps serving during an outage and recovers when Redis returns", async () => {
    const cache = createCache({ redisUrl: proxy.url, keyPrefix });
    open.push(cache);
    const received: unknown[] = [];
    cache.subscribe("events", (message) => received.push(message));
    await waitUntil(() => cache.health().connected, 10_000, "first connection");

    await cache.set("before-outage", "cached", 30);
    expect(await cache.get("before-outage")).toBe("cached");
    expect(await cache.increment("limited", 60)).toBe(1);

    await proxy.stop();
    for (const round of ["first", "second", "third"]) await expectDegradedOperations(cache, round);
    await waitUntil(() => !cache.health().connected, 5_000, "disconnect to show in health");
    expect(cache.health()).toMatchObject({ kind: "redis", connected: false, lastError: expect.any(String) });
    // Counting carried on in this process rather than failing open (null) or closed (throwing).
    expect(await cache.increment("limited", 60)).toBeGreaterThan(1);
    // Nothing reached Redis, so this process's own subscribers got the outage-time messages.
    await waitUntil(() => received.length === 3, 2_000, "local delivery");
    expect(received).toEqual([{ round: "first" }, { round: "second" }, { round: "third" }]);
    // One warning per connection for the whole outage, however many calls degraded.
    const outageWarnings = warn.mock.calls.filter(([text]) => String(text).includes("unavailable"));
    expect(outageWarnings.map(([text]) => String(text).match(/Redis (\w+) connection/)?.[1]).sort()).toEqual([
      "command",
      "subscriber",
    ]);

    await proxy.restart();
    await waitUntil(() => cache.health().connected, 10_000, "reconnection");
    expect(cache.health().connected).toBe(true);
    expect(info.mock.calls.map(([text]) => String(text))).toEqual(
      expect.arrayContaining([expect.stringContaining("command connection restored")]),
    );

    await cache.set("after-outage", { back: true }, 30);
    expect(await cache.get("after-outage")).toEqual({ back: true });
    expect(await cache.get("during-outage:first")).toBeUndefined();
    expect(await cache.get("before-outage")).toBe("cached");

    // The subscriber connection resubscribed: a message from another instance arrives again.
    const other = createCache({ redisUrl: TEST_REDIS_URL, keyPrefix });
    open.push(other);
    await waitUntil(() => other.health().connected);
    const deadline = Date.now() + 10_000;
    while (!received.some((m) => typeof m === "object" && m !== null && "from" in m)) {
      if (Date.now() > deadline) throw new Error("no delivery after reconnection");
      await other.publish("events", { from: "other instance" });
      await sleep(50);
    }
  });

  test("stops waiting on a Redis that accepts connections but doesn't answer", async () => {
    const cache = createRedisCache({ url: proxy.url, keyPrefix, commandTimeoutMs: 300, timeoutCooldownMs: 1_000 });
    open.push(cache);
    await waitUntil(() => cache.health().connected);
    await cache.set("hung", "value", 30);

    proxy.freeze();
    // The first call waits out the command timeout …
    const first = await timed(() => cache.get("hung"));
    expect(first.result).toBeUndefined();
    expect(first.ms).toBeGreaterThanOrEqual(250);
    // … and the ones after it skip Redis until the cooldown ends.
    const later = await timed(() => cache.getOrCompute("hung-compute", 30, async () => "computed"));
    expect(later.result).toBe("computed");
    expect(later.ms).toBeLessThan(50);
    expect(cache.health()).toMatchObject({ connected: false, lastError: "Command timed out" });

    proxy.thaw();
    await sleep(1_100);
    await waitUntil(() => cache.health().connected);
    expect(await cache.get("hung")).toBe("value");
  });
});

describe("redis cache when nothing listens at REDIS_URL", () => {
  test("still is the redis kind, answers quickly and reports the outage", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const port = await findClosedPort();
    const cache = createCache({ redisUrl: `redis://127.0.0.1:${port}`, keyPrefix });
    try {
      expect(cache.kind).toBe("redis");
      await expectDegradedOperations(cache, "closed port");
      expect((await timed(() => cache.increment("closed-counter", 60))).result).toBe(1);
      expect((await timed(() => cache.increment("closed-counter", 60))).result).toBe(2);
      await waitUntil(() => cache.health().lastError !== undefined, 5_000, "connection error");
      expect(cache.health()).toMatchObject({ kind: "redis", connected: false });
      expect(cache.health().lastError).toMatch(/ECONNREFUSED/);
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      await cache.close();
      vi.restoreAllMocks();
    }
  });
});
