// lib/cache — one small cache interface: Redis (ioredis) when REDIS_URL is set, this process otherwise.
import { createMemoryCache } from "./memory";
import type { RedisCacheOptions } from "./redis";
import type { Cache, CacheHealth, MessageHandler } from "./types";

export type { Cache, CacheHealth, CacheKind, MessageHandler } from "./types";
export { DEFAULT_KEY_PREFIX } from "./shared";

export interface CacheOptions {
  /** Unset or empty: the in-process cache. */
  redisUrl?: string;
  keyPrefix?: string;
}

export function createCache(options: CacheOptions = {}): Cache {
  const redisUrl = options.redisUrl?.trim();
  return redisUrl ? lazyRedisCache({ url: redisUrl, keyPrefix: options.keyPrefix }) : createMemoryCache();
}

/**
 * The Redis cache, with ioredis loaded on first use rather than at import: a process without
 * REDIS_URL never loads it (~6 MiB).
 */
function lazyRedisCache(options: RedisCacheOptions): Cache {
  let loaded: Cache | undefined;
  let closed = false;
  const ready = import("./redis").then(({ createRedisCache }) => (loaded = createRedisCache(options)));
  // Each caller awaits `ready` and sees a failure to load; unawaited it must not end the process.
  ready.catch((error: unknown) => console.error(`[cache] could not load the Redis client: ${error instanceof Error ? error.message : String(error)}`));
  const cache = () => loaded ?? ready;
  return {
    kind: "redis",
    get: async (key) => (await cache()).get(key),
    set: async (key, value, ttlSeconds) => (await cache()).set(key, value, ttlSeconds),
    delete: async (key) => (await cache()).delete(key),
    getOrCompute: async (key, ttlSeconds, compute) => (await cache()).getOrCompute(key, ttlSeconds, compute),
    increment: async (key, windowSeconds) => (await cache()).increment(key, windowSeconds),
    publish: async (channel, message) => (await cache()).publish(channel, message),
    subscribe(channel: string, handler: MessageHandler) {
      if (loaded) return loaded.subscribe(channel, handler);
      let unsubscribe: (() => void) | undefined;
      let cancelled = false;
      ready.then(
        (real) => {
          if (!cancelled && !closed) unsubscribe = real.subscribe(channel, handler);
        },
        () => undefined,
      );
      return () => {
        cancelled = true;
        unsubscribe?.();
      };
    },
    health: (): CacheHealth => loaded?.health() ?? { kind: "redis", connected: false },
    async close() {
      closed = true;
      await (await cache()).close();
    },
  };
}

// Kept on globalThis so Next's dev-mode module reloads reuse one cache instead of leaking connections.
const globalForCache = globalThis as typeof globalThis & { greenboardCache?: Cache };

/** The process-wide cache, chosen from REDIS_URL on first use. */
export function getCache(): Cache {
  globalForCache.greenboardCache ??= createCache({ redisUrl: process.env.REDIS_URL });
  return globalForCache.greenboardCache;
}

/** Replaces the process-wide cache (tests of route handlers); the previous one is not closed. */
export function setCache(cache: Cache | undefined): void {
  globalForCache.greenboardCache = cache;
}
