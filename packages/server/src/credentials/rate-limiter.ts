/** Attempts per key in a fixed window. In memory for one node; the Redis limiter shares it. */
export interface RateLimiter {
  /** Counts an attempt; false when the key is over its budget for the current window. */
  hit(key: string): Promise<boolean>;
}

/** Project ids are at most 100 characters: a longer one is cut, so attacker input cannot grow the limiter's keys. */
export const attemptKey = (clientIp: string, projectId: string): string => `${clientIp} ${String(projectId).slice(0, 100)}`;

const MAX_KEYS = 100_000;

export class InMemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowSeconds: number,
    private readonly nowSeconds: () => number,
  ) {}

  async hit(key: string): Promise<boolean> {
    const now = this.nowSeconds();
    const start = now - (now % this.windowSeconds);
    const window = this.windows.get(key);
    if (!window || window.start !== start) {
      if (this.windows.size >= MAX_KEYS) this.forgetOldWindows(start);
      // A flood of distinct keys within one window: forget them all rather than grow without bound.
      if (this.windows.size >= MAX_KEYS) this.windows.clear();
      this.windows.set(key, { start, count: 1 });
      return this.limit >= 1;
    }
    window.count++;
    return window.count <= this.limit;
  }

  private forgetOldWindows(current: number): void {
    for (const [key, window] of this.windows) if (window.start !== current) this.windows.delete(key);
  }
}
