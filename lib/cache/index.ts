// lib/cache — one small cache interface: Redis (ioredis) when REDIS_URL is set, this process otherwise.
import { createMemoryCache } from "./memory";
import { createRedisCache } from "./redis";
import type { Cache } from "./types";

export type { Cache, CacheHealth, CacheKind, MessageHandler } from "./types";
export { DEFAULT_KEY_PREFIX } from "./shared";

export interface CacheOptions {
  /** Unset or empty: the in-process cache. */
  redisUrl?: string;
  keyPrefix?: string;
}

export function createCache(options: CacheOptions = {}): Cache {
  const redisUrl = options.redisUrl?.trim();
  return redisUrl ? createRedisCache({ url: redisUrl, keyPrefix: options.keyPrefix }) : createMemoryCache();
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
