import type { Redis } from 'ioredis';
import { hashKeyPart, KEY_EXPIRY_SLACK_MS, logRedisFailure, RedisScript, redisWithin } from '../store/redis.js';
import { InMemoryRateLimiter, type RateLimiter } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  /** Attempts allowed per key per window (`PARLEY_AUTH_RATE_LIMIT`). */
  limit: number;
  windowSeconds: number;
  /** Key prefix, e.g. `parley:` (tests use a random one). */
  prefix: string;
  /** The clock: windows are cut from it, never from Redis's clock. */
  nowSeconds: () => number;
  /** Called on every Redis failure (error or timeout): log it and count it. Default: a JSON error line on stdout. */
  onError?: (error: unknown) => void;
  /** Answers while Redis fails. Default: an in-memory limiter with the same limit, window and clock. */
  fallback?: RateLimiter;
  /** Milliseconds to wait for Redis before falling back. Default 1000. */
  timeoutMs?: number;
}

/** INCR, and on the window's first hit an expiry, in one atomic step. */
const HIT = new RedisScript(
  `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`,
  1,
);

/**
 * The fixed-window limiter of `InMemoryRateLimiter`, with one budget shared by every node through Redis:
 * the same windows (cut from the injected clock, so the key names the window), the same answers.
 * Keys are `<prefix>rate:<window start>:<SHA-256 of the key>`, so attacker-chosen project ids cannot
 * grow them, and each expires on its own shortly after its window ends.
 *
 * When Redis fails (unreachable, erroring, or slower than `timeoutMs`) it neither fails open nor closed:
 * it calls `onError` (log loudly, count it in a metric) and answers from a per-node in-memory limiter.
 * Failing open would silently switch off the flood protection this limiter exists for; failing closed
 * would refuse every visitor while Redis is down. Per-node limits keep both: the budget becomes at most
 * N times the limit for N nodes, for as long as Redis is down.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback: RateLimiter;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimiterOptions,
  ) {
    this.fallback = options.fallback ?? new InMemoryRateLimiter(options.limit, options.windowSeconds, options.nowSeconds);
    this.onError = options.onError ?? logRedisFailure('rate-limiter');
  }

  async hit(key: string): Promise<boolean> {
    const { limit, windowSeconds, prefix, nowSeconds } = this.options;
    const now = nowSeconds();
    const start = now - (now % windowSeconds);
    const redisKey = `${prefix}rate:${start}:${hashKeyPart(key)}`;
    const ttlMs = Math.ceil(windowSeconds * 1000) + KEY_EXPIRY_SLACK_MS;
    try {
      const count = Number(await redisWithin(HIT.run(this.redis, [redisKey], [ttlMs]), this.options.timeoutMs ?? 1000));
      if (!Number.isInteger(count)) throw new Error(`unexpected reply from the rate limit script: ${count}`);
      return count <= limit;
    } catch (error) {
      this.onError(error);
      return this.fallback.hit(key);
    }
  }
}
