export type LoginLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What `/oauth2/token` asks before checking a password or client secret (a Redis one may share limits across nodes). */
export interface LoginAttemptLimiter {
  /** Counts one attempt from `ip` for `username` (an email or a client_id) unless it is over a limit. */
  check(ip: string, username: string): LoginLimitResult | Promise<LoginLimitResult>;
}

export interface LoginLimiterOptions {
  now: () => Date;
  /** Attempts per username (or client_id) per window; SPEC §9: 10. */
  perUsername?: number;
  /** Attempts per client IP per window; SPEC §9: 100. */
  perIp?: number;
  windowSeconds?: number;
  /** Keys remembered per kind before the oldest are forgotten, to bound memory. */
  maxKeys?: number;
}

/**
 * Sliding-window log in memory: at most `limit` attempts in any `windowSeconds` span, per
 * username and per IP. Each key holds at most `limit` timestamps, and at most `maxKeys` keys are kept.
 */
class SlidingLog {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  /** Milliseconds until one more attempt fits, 0 when it fits now. */
  waitMs(key: string, now: number): number {
    const times = this.live(key, now);
    if (times.length < this.limit) return 0;
    return (times[times.length - this.limit] ?? now) + this.windowMs - now;
  }

  record(key: string, now: number): void {
    const times = this.live(key, now);
    times.push(now);
    if (times.length > this.limit) times.splice(0, times.length - this.limit);
    this.attempts.delete(key); // re-insert: map order is least recently used first
    this.attempts.set(key, times);
    if (this.attempts.size > this.maxKeys) this.evict(now);
  }

  get size(): number {
    return this.attempts.size;
  }

  private live(key: string, now: number): number[] {
    const times = this.attempts.get(key) ?? [];
    const firstLive = times.findIndex((time) => time > now - this.windowMs);
    if (firstLive !== 0) times.splice(0, firstLive === -1 ? times.length : firstLive);
    return times;
  }

  private evict(now: number): void {
    for (const [key, times] of this.attempts) if ((times.at(-1) ?? 0) <= now - this.windowMs) this.attempts.delete(key);
    // Still full of live keys (a spray): forget the least recently used tenth at once, so eviction stays amortised.
    const excess = this.attempts.size - Math.floor(this.maxKeys * 0.9);
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.attempts.keys()) {
      if (dropped++ >= excess) break;
      this.attempts.delete(key);
    }
  }
}

/** The password and client-credentials grant limits of SPEC §9, for one node. */
export class LoginLimiter implements LoginAttemptLimiter {
  private readonly byUsername: SlidingLog;
  private readonly byIp: SlidingLog;

  constructor(private readonly options: LoginLimiterOptions) {
    const windowMs = (options.windowSeconds ?? 60) * 1000;
    const maxKeys = options.maxKeys ?? 100_000;
    this.byUsername = new SlidingLog(options.perUsername ?? 10, windowMs, maxKeys);
    this.byIp = new SlidingLog(options.perIp ?? 100, windowMs, maxKeys);
  }

  check(ip: string, username: string): LoginLimitResult {
    const now = this.options.now().getTime();
    const user = username.trim().toLowerCase();
    const waitMs = Math.max(this.byUsername.waitMs(user, now), this.byIp.waitMs(ip, now));
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    this.byUsername.record(user, now);
    this.byIp.record(ip, now);
    return { allowed: true };
  }

  /** Keys held (usernames, IPs): for tests of the memory bound. */
  get trackedKeys(): { usernames: number; ips: number } {
    return { usernames: this.byUsername.size, ips: this.byIp.size };
  }
}
