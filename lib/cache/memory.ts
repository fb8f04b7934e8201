// The in-process cache: used when REDIS_URL is unset, and only ever shared within one process.
import {
  DEFAULT_MAX_ENTRIES,
  ExpiringMap,
  Subscriptions,
  WindowCounters,
  createGetOrCompute,
  decodeValue,
  encodeValue,
  toMilliseconds,
} from "./shared";
import type { Cache, CacheHealth, MessageHandler } from "./types";

export interface MemoryCacheOptions {
  /** Cap on cached values, and separately on counters; the least recently used go first. */
  maxEntries?: number;
  /** How often expired entries are dropped even if nobody reads them. */
  sweepIntervalMs?: number;
}

class MemoryCache implements Cache {
  readonly kind = "memory";
  private readonly values: ExpiringMap<string>;
  private readonly counters: WindowCounters;
  private readonly subscriptions = new Subscriptions();
  private readonly sweepTimer: NodeJS.Timeout;

  constructor(options: MemoryCacheOptions) {
    const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.values = new ExpiringMap<string>(maxEntries);
    this.counters = new WindowCounters(maxEntries);
    this.sweepTimer = setInterval(() => {
      const now = Date.now();
      this.values.sweep(now);
      this.counters.sweep(now);
    }, options.sweepIntervalMs ?? 60_000);
    // A cache must never be the reason a process (or a test run) stays alive.
    this.sweepTimer.unref();
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.values.getEntry(key);
    return entry ? decodeValue<T>(entry.value) : undefined;
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    const ttlMs = toMilliseconds(ttlSeconds, "ttlSeconds");
    const text = encodeValue(value);
    if (text === undefined) this.values.delete(key);
    else this.values.set(key, text, Date.now() + ttlMs);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }

  readonly getOrCompute = createGetOrCompute(
    (key) => this.get(key),
    (key, value, ttlSeconds) => this.set(key, value, ttlSeconds),
  );

  async increment(key: string, windowSeconds: number): Promise<number> {
    return this.counters.increment(key, toMilliseconds(windowSeconds, "windowSeconds"));
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const text = encodeValue(message) ?? "null";
    // Like Redis: handlers run after publish returns, never inside the publisher's call stack.
    setImmediate(() => this.subscriptions.deliver(channel, text));
  }

  subscribe(channel: string, handler: MessageHandler): () => void {
    this.subscriptions.add(channel, handler);
    return () => {
      this.subscriptions.remove(channel, handler);
    };
  }

  health(): CacheHealth {
    return { kind: this.kind, connected: true };
  }

  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.values.clear();
    this.counters.clear();
    this.subscriptions.clear();
  }
}

export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  return new MemoryCache(options);
}
