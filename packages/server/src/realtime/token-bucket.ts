/** A token bucket: at most `burst` at once, `perSecond` back. */
export class TokenBucket {
  private allowance: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.allowance = burst;
    this.last = now();
  }

  /** Takes one; false, and nothing taken, when the bucket is empty. */
  take(): boolean {
    this.refill();
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }

  /** Milliseconds until `take` succeeds again (0: it would now). */
  waitMs(): number {
    this.refill();
    return this.allowance >= 1 ? 0 : Math.ceil(((1 - this.allowance) / this.perSecond) * 1000);
  }

  /** Full again: a bucket in this state is the same as a new one. */
  full(): boolean {
    this.refill();
    return this.allowance >= this.burst;
  }

  private refill(): void {
    const now = this.now();
    this.allowance = Math.min(this.burst, this.allowance + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}

/** Token buckets by key, made on first use; one full again is forgotten (looked for at most once per refill time). */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private sweptAt: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  /** 0 when `key` took one, else the milliseconds until it may. */
  take(key: string): number {
    this.sweep();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.burst, this.perSecond, this.now);
      this.buckets.set(key, bucket);
    }
    return bucket.take() ? 0 : bucket.waitMs();
  }

  /** Buckets kept (for tests). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.sweptAt < (this.burst / this.perSecond) * 1000) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) if (bucket.full()) this.buckets.delete(key);
  }
}
