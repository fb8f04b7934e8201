/** Which backend a {@link Cache} talks to. */
export type CacheKind = "redis" | "memory";

/** Receives a published message, already decoded from JSON. */
export type MessageHandler = (message: unknown) => void;

/** What `/api/health` and logs report about the cache. */
export interface CacheHealth {
  kind: CacheKind;
  /** Memory: always true. Redis: the command connection (and the subscriber connection, once opened) is ready. */
  connected: boolean;
  /** The most recent Redis error message, kept after recovery so an operator can see what happened. */
  lastError?: string;
}

/**
 * Key/value cache, publish/subscribe and rate-limit counters, backed by Redis or by this process.
 *
 * Contract shared by both kinds (and by every call during a Redis outage):
 * - Values travel as JSON: a `get` returns a fresh copy, `undefined` is not cacheable, and `T` is the
 *   caller's promise about the shape, not a check.
 * - Nothing waits on a dead Redis and nothing throws because of one: reads miss, writes are dropped,
 *   `getOrCompute` just computes, counters fall back to this process, publishes reach this process only.
 * - Programmer errors still throw: a non-positive TTL or window, a value JSON can't encode.
 */
export interface Cache {
  readonly kind: CacheKind;

  /** The cached value, or `undefined` on a miss, an expired entry, or an unavailable Redis. */
  get<T>(key: string): Promise<T | undefined>;
  /** Best effort: stores `value` for `ttlSeconds` (fractions allowed); `undefined` deletes the key. */
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Returns the cached value or computes, stores and returns it. Concurrent calls for one key in this
   * process share one `compute`; its errors reach every caller and nothing is cached.
   */
  getOrCompute<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T>;

  /**
   * Fixed-window counter for rate limits: adds one and returns the count in the current window, which
   * starts at the first increment and lasts `windowSeconds`. Counters live apart from cached values.
   * Never null: while Redis is unavailable the count comes from this process, so a limit of N across
   * K instances becomes N per instance — degraded, neither disabled nor failing closed.
   */
  increment(key: string, windowSeconds: number): Promise<number>;

  /** Delivers `message` (JSON-encodable) to every subscriber of `channel` — in every instance, with Redis. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Delivery is asynchronous; a throwing handler is logged and doesn't stop the others. Returns unsubscribe. */
  subscribe(channel: string, handler: MessageHandler): () => void;

  health(): CacheHealth;
  /** Releases connections and timers; the cache is unusable afterwards. */
  close(): Promise<void>;
}
