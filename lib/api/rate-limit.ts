// Per-token upload rate limit: a fixed one-minute window counted in the cache (Redis when configured,
// so every instance shares it; this process otherwise).
import type { Cache } from "@/lib/cache";
import { ApiError } from "./errors";

export interface RateLimit {
  cache: Cache;
  /** Requests allowed per minute; 0 turns the limit off. */
  perMinute: number;
}

const WINDOW_SECONDS = 60;

/**
 * Counts one upload for the token and throws a 429 (with Retry-After) past the limit. Windows are
 * aligned to the clock minute, so the time left in the window is known without another round trip.
 */
export async function enforceRateLimit(limit: RateLimit | undefined, subject: string, now = Date.now()): Promise<void> {
  if (!limit || limit.perMinute <= 0) return;
  const window = Math.floor(now / (WINDOW_SECONDS * 1000));
  const count = await limit.cache.increment(`rate:upload:${subject}:${window}`, WINDOW_SECONDS);
  if (count <= limit.perMinute) return;
  const retryAfter = Math.max(1, Math.ceil(((window + 1) * WINDOW_SECONDS * 1000 - now) / 1000));
  throw new ApiError(
    "rate_limited",
    `This token sent more than ${limit.perMinute} uploads in a minute (GREENBOARD_UPLOAD_RATE_PER_MINUTE); try again in ${retryAfter} s`,
    { limit: limit.perMinute },
    retryAfter,
  );
}
