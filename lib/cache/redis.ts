// The Redis cache: shared by every instance pointed at one Redis, and never a reason for a request to wait.
import { Redis, type RedisOptions } from "ioredis";
import {
  DEFAULT_KEY_PREFIX,
  Subscriptions,
  WindowCounters,
  createGetOrCompute,
  decodeValue,
  encodeValue,
  toMilliseconds,
} from "./shared";
import type { Cache, CacheHealth, MessageHandler } from "./types";

export interface RedisCacheOptions {
  url: string;
  /** Prepended to every key and channel so several apps (or test runs) can share one Redis. */
  keyPrefix?: string;
  /** Longest a command may take before the call gives up and degrades. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** After a command times out, calls skip Redis for this long instead of each waiting out the timeout. */
  timeoutCooldownMs?: number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 400;
const DEFAULT_CONNECT_TIMEOUT_MS = 1_000;
const DEFAULT_TIMEOUT_COOLDOWN_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 3_000;
const CLOSE_WAIT_MS = 1_000;

// Opens the window on the first hit; a counter without an expiry (PTTL -1) would count forever, so repair it.
const INCREMENT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count`;

/** One connection's availability, tracked only to log transitions once rather than per call. */
interface Connection {
  client: Redis;
  label: "command" | "subscriber";
  isAvailable: boolean | undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

class RedisCache implements Cache {
  readonly kind = "redis";
  private readonly prefix: string;
  private readonly clientOptions: RedisOptions;
  private readonly url: string;
  private readonly timeoutCooldownMs: number;
  private readonly commands: Connection;
  private subscriber: Connection | undefined;
  private readonly subscriptions = new Subscriptions();
  /** Counts while Redis is unavailable; per process, see `Cache.increment`. */
  private readonly fallbackCounters = new WindowCounters();
  private skipUntil = 0;
  private lastError: string | undefined;
  private isClosing = false;

  constructor(options: RedisCacheOptions) {
    this.url = options.url;
    this.prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.timeoutCooldownMs = options.timeoutCooldownMs ?? DEFAULT_TIMEOUT_COOLDOWN_MS;
    this.clientOptions = {
      // Fail fast instead of queueing: a request must never wait for Redis to come back.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // Reconnect forever, backing off to a few seconds between attempts.
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 10), MAX_RECONNECT_DELAY_MS),
      // Resubscribing is ours to do on "ready": ioredis only remembers channels it managed to subscribe.
      autoResubscribe: false,
    };
    this.commands = this.connect("command");
  }

  private connect(label: Connection["label"]): Connection {
    const client = new Redis(this.url, { ...this.clientOptions, connectionName: `greenboard-${label}` });
    const connection: Connection = { client, label, isAvailable: undefined };
    client.on("ready", () => this.markAvailable(connection, true));
    client.on("error", (error: unknown) => {
      this.lastError = errorMessage(error);
      this.markAvailable(connection, false);
    });
    client.on("close", () => this.markAvailable(connection, false));
    return connection;
  }

  private markAvailable(connection: Connection, isAvailable: boolean): void {
    if (this.isClosing || connection.isAvailable === isAvailable) return;
    const wasUnavailable = connection.isAvailable === false;
    connection.isAvailable = isAvailable;
    if (!isAvailable) {
      console.warn(
        `[cache] Redis ${connection.label} connection unavailable (${this.lastError ?? "connection closed"}); ` +
          "serving without it and reconnecting in the background",
      );
    } else if (wasUnavailable) {
      console.info(`[cache] Redis ${connection.label} connection restored`);
    }
  }

  private key(kind: "value" | "counter", key: string): string {
    return `${this.prefix}${kind}:${key}`;
  }

  private channel(channel: string): string {
    return `${this.prefix}channel:${channel}`;
  }

  private isUsable(): boolean {
    return this.commands.client.status === "ready" && Date.now() >= this.skipUntil;
  }

  /** Runs a command if Redis can answer now; otherwise, or on any failure, returns the fallback. */
  private async run<R>(command: (client: Redis) => Promise<R>, fallback: () => R): Promise<R> {
    if (!this.isUsable()) return fallback();
    try {
      const result = await command(this.commands.client);
      // A command answered after a timeout cooldown: Redis is back.
      this.markAvailable(this.commands, true);
      return result;
    } catch (error) {
      this.lastError = errorMessage(error);
      // A connection that is open but silent never reaches "reconnecting", so stop asking for a while.
      if (this.lastError === "Command timed out") {
        this.skipUntil = Date.now() + this.timeoutCooldownMs;
        this.markAvailable(this.commands, false);
      }
      return fallback();
    }
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.run((client) => client.get(this.key("value", key)), () => null);
    return text === null ? undefined : decodeValue<T>(text);
  }

  async set<T>(key: string, value: T, ttlSeconds: number): Promise<void> {
    const ttlMs = toMilliseconds(ttlSeconds, "ttlSeconds");
    const text = encodeValue(value);
    if (text === undefined) return this.delete(key);
    await this.run((client) => client.set(this.key("value", key), text, "PX", ttlMs), () => null);
  }

  async delete(key: string): Promise<void> {
    await this.run((client) => client.del(this.key("value", key)), () => 0);
  }

  readonly getOrCompute = createGetOrCompute(
    (key) => this.get(key),
    (key, value, ttlSeconds) => this.set(key, value, ttlSeconds),
  );

  async increment(key: string, windowSeconds: number): Promise<number> {
    const windowMs = toMilliseconds(windowSeconds, "windowSeconds");
    const fallback = () => this.fallbackCounters.increment(key, windowMs);
    const count = await this.run(
      (client) => client.eval(INCREMENT_SCRIPT, 1, this.key("counter", key), windowMs),
      fallback,
    );
    return typeof count === "number" ? count : fallback();
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const text = encodeValue(message) ?? "null";
    if (!this.isUsable()) {
      // Redis certainly didn't get it, so at least this process's subscribers do.
      setImmediate(() => this.subscriptions.deliver(channel, text));
      return;
    }
    await this.run((client) => client.publish(this.channel(channel), text), () => 0);
  }

  subscribe(channel: string, handler: MessageHandler): () => void {
    const subscriber = this.openSubscriber();
    if (this.subscriptions.add(channel, handler) && subscriber.status === "ready") {
      subscriber.subscribe(this.channel(channel)).catch((error: unknown) => {
        this.lastError = errorMessage(error);
      });
    }
    return () => {
      if (this.subscriptions.remove(channel, handler) && subscriber.status === "ready") {
        subscriber.unsubscribe(this.channel(channel)).catch((error: unknown) => {
          this.lastError = errorMessage(error);
        });
      }
    };
  }

  /** A subscribed connection can't run other commands, so subscribers get their own, opened on first use. */
  private openSubscriber(): Redis {
    if (this.subscriber) return this.subscriber.client;
    const connection = this.connect("subscriber");
    const { client } = connection;
    client.on("ready", () => {
      const channels = this.subscriptions.channels().map((channel) => this.channel(channel));
      if (channels.length === 0) return;
      client.subscribe(...channels).catch((error: unknown) => {
        this.lastError = errorMessage(error);
      });
    });
    client.on("message", (channel: string, text: string) => {
      const prefix = this.channel("");
      if (channel.startsWith(prefix)) this.subscriptions.deliver(channel.slice(prefix.length), text);
    });
    this.subscriber = connection;
    return client;
  }

  health(): CacheHealth {
    const connected =
      this.isUsable() && (this.subscriber === undefined || this.subscriber.client.status === "ready");
    return this.lastError === undefined
      ? { kind: this.kind, connected }
      : { kind: this.kind, connected, lastError: this.lastError };
  }

  async close(): Promise<void> {
    this.isClosing = true;
    this.subscriptions.clear();
    this.fallbackCounters.clear();
    const connections = this.subscriber ? [this.commands, this.subscriber] : [this.commands];
    await Promise.all(connections.map(({ client }) => closeClient(client)));
  }
}

/** Stops reconnecting and waits (briefly) for an open socket to finish closing. */
async function closeClient(client: Redis): Promise<void> {
  const hasSocket = client.status === "ready" || client.status === "connect" || client.status === "connecting";
  const ended = hasSocket ? new Promise<void>((resolve) => client.once("end", () => resolve())) : undefined;
  client.disconnect();
  if (!ended) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CLOSE_WAIT_MS);
    timer.unref();
  });
  await Promise.race([ended, gaveUp]);
  clearTimeout(timer);
}

export function createRedisCache(options: RedisCacheOptions): Cache {
  return new RedisCache(options);
}
