// Building blocks both cache kinds share, so memory and Redis behave alike where they can.
import type { MessageHandler } from "./types";

export const DEFAULT_KEY_PREFIX = "greenboard:";
export const DEFAULT_MAX_ENTRIES = 10_000;

/** Seconds → milliseconds, rejecting the TTLs Redis would reject (and that would mean "never" in memory). */
export function toMilliseconds(seconds: number, what: "ttlSeconds" | "windowSeconds"): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new RangeError(`${what} must be a positive number of seconds (got ${seconds})`);
  }
  return Math.max(1, Math.ceil(seconds * 1000));
}

/** JSON text for storage, or `undefined` for a value JSON drops (which `set` treats as a delete). */
export function encodeValue(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/** A stored value that no longer parses (written by another version, say) reads as a miss. */
export function decodeValue<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

interface Expiring<V> {
  value: V;
  expiresAt: number;
}

/**
 * A Map whose entries expire (checked on read, and by `sweep`) and whose size is capped: reads move an
 * entry to the back, so when full the least recently used entry is dropped.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, Expiring<V>>();

  constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  /** The live entry (mutable, so counters can bump `value` in place), or undefined. */
  getEntry(key: string, now = Date.now()): Expiring<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= now) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, value: V, expiresAt: number): Expiring<V> {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    const entry = { value, expiresAt };
    this.entries.set(key, entry);
    return entry;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  sweep(now = Date.now()): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** Fixed-window counters: the window opens at the first increment and closes `windowMs` later. */
export class WindowCounters {
  private readonly counters: ExpiringMap<number>;

  constructor(maxEntries = DEFAULT_MAX_ENTRIES) {
    this.counters = new ExpiringMap<number>(maxEntries);
  }

  increment(key: string, windowMs: number, now = Date.now()): number {
    const entry = this.counters.getEntry(key, now);
    if (!entry) return this.counters.set(key, 1, now + windowMs).value;
    entry.value += 1;
    return entry.value;
  }

  sweep(now = Date.now()): void {
    this.counters.sweep(now);
  }

  clear(): void {
    this.counters.clear();
  }
}

/** Handlers per channel, and delivery that one throwing handler can't break for the rest. */
export class Subscriptions {
  private readonly handlers = new Map<string, Set<MessageHandler>>();

  /** Returns true when this is the channel's first handler (time to SUBSCRIBE). */
  add(channel: string, handler: MessageHandler): boolean {
    const existing = this.handlers.get(channel);
    if (existing) {
      existing.add(handler);
      return false;
    }
    this.handlers.set(channel, new Set([handler]));
    return true;
  }

  /** Returns true when the channel's last handler went (time to UNSUBSCRIBE). */
  remove(channel: string, handler: MessageHandler): boolean {
    const existing = this.handlers.get(channel);
    if (!existing?.delete(handler)) return false;
    if (existing.size > 0) return false;
    this.handlers.delete(channel);
    return true;
  }

  channels(): string[] {
    return [...this.handlers.keys()];
  }

  has(channel: string): boolean {
    return this.handlers.has(channel);
  }

  /** Decodes once per handler so no handler can alter what the next one sees. */
  deliver(channel: string, text: string): void {
    const handlers = this.handlers.get(channel);
    if (!handlers) return;
    for (const handler of [...handlers]) {
      const message = decodeValue<unknown>(text);
      try {
        handler(message);
      } catch (error) {
        console.error(`[cache] subscriber to "${channel}" threw`, error);
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}

type Getter = <T>(key: string) => Promise<T | undefined>;
type Setter = <T>(key: string, value: T, ttlSeconds: number) => Promise<void>;

/** `getOrCompute` over a cache's own get/set, with one in-flight computation per key in this process. */
export function createGetOrCompute(get: Getter, set: Setter) {
  const inFlight = new Map<string, Promise<unknown>>();
  return async function getOrCompute<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
    toMilliseconds(ttlSeconds, "ttlSeconds");
    const pending = inFlight.get(key);
    // Same key, same value type: the caller's T is as good as the first caller's.
    if (pending) return pending as Promise<T>;
    const work = (async () => {
      const cached = await get<T>(key);
      if (cached !== undefined) return cached;
      const value = await compute();
      await set(key, value, ttlSeconds);
      return value;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, work);
    return work;
  };
}
