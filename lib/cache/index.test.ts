import { afterAll, expect, test } from "vitest";
import { createCache, getCache } from "./index";

afterAll(() => getCache().close());

test("getCache returns one process-wide cache chosen from REDIS_URL", () => {
  const cache = getCache();
  expect(getCache()).toBe(cache);
  expect(cache.kind).toBe(process.env.REDIS_URL?.trim() ? "redis" : "memory");
});

test.each([
  [undefined, "memory"],
  ["", "memory"],
  ["   ", "memory"],
])("createCache with redisUrl %j is the %s cache", async (redisUrl, kind) => {
  const cache = createCache({ redisUrl });
  expect(cache.kind).toBe(kind);
  await cache.close();
});
