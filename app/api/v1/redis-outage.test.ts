import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { GET as getHealth } from "@/app/api/v1/health/route";
import { GET as getOverview } from "@/app/api/v1/projects/[slug]/overview/route";
import { createCache, setCache, type Cache } from "@/lib/cache";
import { deleteKeysWithPrefix, TEST_REDIS_URL, testKeyPrefix, waitUntil } from "@/lib/cache/testing/redis";
import { startTcpProxy, type TcpProxy } from "@/lib/cache/testing/tcp-proxy";
import { setDatabase } from "@/lib/db/client";
import type { Database } from "@/lib/db/connection";
import { createTestDatabase } from "@/lib/db/testing";
import { loadDemoData } from "@/lib/demo/load";
import { defaultClassifier } from "@/lib/ingest/default-classifier";
import { browserRequest, sessionFor } from "@/test/session";

// The app with REDIS_URL pointing at a Redis that goes away: a TCP proxy in front of the machine's
// Redis is cut and restored; the real Redis is never touched.
describe("the app with Redis configured but unreachable", () => {
  let db: Database;
  let proxy: TcpProxy;
  let cache: Cache;
  /** A signed-in viewer of the project: sessions live in the database, so they outlast Redis. */
  let cookie: string;
  const prefix = testKeyPrefix();

  beforeAll(async () => {
    db = await createTestDatabase();
    setDatabase(db);
    await loadDemoData(db.prisma, { classifier: defaultClassifier, runs: 6 });
    const project = await db.prisma.project.findUniqueOrThrow({ where: { slug: "golden-path" } });
    cookie = (await sessionFor(db.prisma, { projectId: project.id, role: "viewer" })).cookie;
    const target = new URL(TEST_REDIS_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    cache = createCache({ redisUrl: proxy.url, keyPrefix: prefix });
    setCache(cache);
    await waitUntil(() => cache.health().connected, 10_000, "redis connected through the proxy");
  });

  afterAll(async () => {
    setCache(undefined);
    setDatabase(undefined);
    await cache.close();
    await proxy.stop();
    await deleteKeysWithPrefix(prefix);
    await db.close();
  });

  const overview = () =>
    getOverview(browserRequest(cookie, "http://localhost/api/v1/projects/golden-path/overview"), { params: Promise.resolve({ slug: "golden-path" }) });

  async function timed(call: () => Promise<Response>): Promise<{ response: Response; ms: number }> {
    const started = performance.now();
    const response = await call();
    return { response, ms: performance.now() - started };
  }

  test("with Redis up, the overview is cached in Redis", async () => {
    const { response } = await timed(overview);
    expect(response.status).toBe(200);
    expect(await cache.get("overview:golden-path:")).toMatchObject({ project: { slug: "golden-path" } });
  });

  test("with Redis gone, every request still answers 200 promptly and health says degraded", async () => {
    await proxy.stop();
    for (let round = 0; round < 5; round++) {
      const health = await timed(() => getHealth(new Request("http://localhost/api/v1/health")));
      expect(health.response.status).toBe(200);
      expect(health.ms).toBeLessThan(1500);
      const page = await timed(overview);
      expect(page.response.status).toBe(200);
      expect(page.ms).toBeLessThan(1500);
      expect(((await page.response.json()) as { runs: unknown[] }).runs).toHaveLength(6);
    }
    // The outage is noticed without any request having waited for it.
    await waitUntil(() => !cache.health().connected, 5_000, "outage detected");
    const health = (await (await getHealth(new Request("http://localhost/api/v1/health"))).json()) as { cache: unknown };
    expect(health.cache).toEqual({ kind: "redis", connected: false, degraded: true });
  });

  test("when Redis is back the cache reconnects and is used again", async () => {
    await proxy.restart();
    await waitUntil(() => cache.health().connected, 15_000, "redis reconnected");
    await cache.delete("overview:golden-path:");
    expect((await overview()).status).toBe(200);
    expect(await cache.get("overview:golden-path:")).toMatchObject({ project: { slug: "golden-path" } });
    const health = (await (await getHealth(new Request("http://localhost/api/v1/health"))).json()) as { cache: unknown };
    expect(health.cache).toEqual({ kind: "redis", connected: true, degraded: false });
  });
});
