/**
 * Remembers used credentials until they could no longer pass the expiry check anyway.
 * `rememberOnce` is atomic: of two concurrent calls sharing a key, exactly one gets true.
 */
export interface ReplayStore {
  /** True if none of the keys was seen (they are now remembered until `until`, epoch seconds). */
  rememberOnce(keys: readonly string[], until: number): Promise<boolean>;
}

/** The single-process store. The database and Redis stores implement the same interface. */
export class InMemoryReplayStore implements ReplayStore {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly nowSeconds: () => number) {}

  async rememberOnce(keys: readonly string[], until: number): Promise<boolean> {
    const now = this.nowSeconds();
    this.sweep(now);
    for (const key of keys) {
      const expiry = this.seen.get(key);
      if (expiry !== undefined && expiry > now) return false;
    }
    for (const key of keys) this.seen.set(key, until);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 10;
    for (const [key, expiry] of this.seen) if (expiry <= now) this.seen.delete(key);
  }
}
