import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { hashKeyPart, KEY_EXPIRY_SLACK_MS, logRedisFailure, RedisScript, redisWithin } from '../store/redis.js';
import { type LoginAttemptLimiter, LoginLimiter, type LoginLimitResult } from './login-limiter.js';

export interface RedisLoginLimiterOptions {
  /** The clock: attempts are stamped with it, never with Redis's clock. */
  now: () => Date;
  /** Key prefix, e.g. `parley:` (tests use a random one). */
  prefix: string;
  /** Attempts per username (or client_id) per window; SPEC §9: 10. */
  perUsername?: number;
  /** Attempts per client IP per window; SPEC §9: 100. */
  perIp?: number;
  windowSeconds?: number;
  /** Called on every Redis failure (error or timeout): log it and count it. Default: a JSON error line on stdout. */
  onError?: (error: unknown) => void;
  /** Answers while Redis fails. Default: an in-memory `LoginLimiter` with the same limits and clock. */
  fallback?: LoginAttemptLimiter;
  /** Milliseconds to wait for Redis before falling back. Default 1000. */
  timeoutMs?: number;
}

/**
 * KEYS: username log, IP log. ARGV: now (ms), window (ms), username limit, IP limit, member, expiry (ms).
 * Returns 0 when the attempt was counted in both logs, else the milliseconds until one more fits
 * (as a string: a number reply would be truncated to an integer).
 * Each log is a sorted set of attempt times: entries at or before now - window are dropped, and at
 * most `limit` entries are kept, as `LoginLimiter` does in memory.
 */
const CHECK = new RedisScript(
  `local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limits = { tonumber(ARGV[3]), tonumber(ARGV[4]) }
local wait = 0
for i = 1, 2 do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  if redis.call('ZCARD', KEYS[i]) >= limits[i] then
    local w = window
    if limits[i] > 0 then
      local oldest = redis.call('ZRANGE', KEYS[i], -limits[i], -limits[i], 'WITHSCORES')
      w = tonumber(oldest[2]) + window - now
    end
    if w > wait then wait = w end
  end
end
if wait > 0 then return tostring(wait) end
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], now, ARGV[5])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(limits[i] + 1))
  redis.call('PEXPIRE', KEYS[i], ARGV[6])
end
return 0`,
  2,
);

/**
 * The SPEC §9 limits of `LoginLimiter` (sliding window per username and per IP, refused attempts not
 * counted, usernames compared trimmed and lower-cased), shared by every node through Redis. One Lua
 * script checks both logs and records the attempt, so nodes racing on one username cannot overspend.
 * Keys are `<prefix>login:u:<hash>` and `<prefix>login:ip:<hash>` (fixed length whatever the input),
 * each holding at most its limit of entries and expiring shortly after its last attempt leaves the window.
 *
 * When Redis fails (unreachable, erroring, or slower than `timeoutMs`) it neither fails open nor closed:
 * it calls `onError` (log loudly, count it in a metric) and answers from a per-node in-memory
 * `LoginLimiter`. Failing open would silently disable brute-force protection on passwords and client
 * secrets; failing closed would stop every operator from signing in while Redis is down. Per-node limits
 * keep both: an attacker gets at most N times the budget across N nodes, for as long as Redis is down.
 */
export class RedisLoginLimiter implements LoginAttemptLimiter {
  private readonly fallback: LoginAttemptLimiter;
  private readonly onError: (error: unknown) => void;
  private readonly perUsername: number;
  private readonly perIp: number;
  private readonly windowMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLoginLimiterOptions,
  ) {
    this.perUsername = options.perUsername ?? 10;
    this.perIp = options.perIp ?? 100;
    this.windowMs = (options.windowSeconds ?? 60) * 1000;
    this.fallback =
      options.fallback ??
      new LoginLimiter({ now: options.now, perUsername: this.perUsername, perIp: this.perIp, windowSeconds: this.windowMs / 1000 });
    this.onError = options.onError ?? logRedisFailure('login-limiter');
  }

  async check(ip: string, username: string): Promise<LoginLimitResult> {
    const now = this.options.now().getTime();
    const user = username.trim().toLowerCase();
    const keys = [`${this.options.prefix}login:u:${hashKeyPart(user)}`, `${this.options.prefix}login:ip:${hashKeyPart(ip)}`];
    // Unique per attempt: two attempts in the same millisecond are two entries.
    const member = `${now}:${randomBytes(6).toString('base64url')}`;
    const args = [now, this.windowMs, this.perUsername, this.perIp, member, Math.ceil(this.windowMs) + KEY_EXPIRY_SLACK_MS];
    let waitMs: number;
    try {
      waitMs = Number(await redisWithin(CHECK.run(this.redis, keys, args), this.options.timeoutMs ?? 1000));
      if (!Number.isFinite(waitMs)) throw new Error(`unexpected reply from the login limit script: ${waitMs}`);
    } catch (error) {
      this.onError(error);
      return this.fallback.check(ip, username);
    }
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    return { allowed: true };
  }
}
