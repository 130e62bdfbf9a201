/** What one item of a batch came to. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Commits a batch of items; answers one outcome per item, in the items' order. */
export type CommitBatch<I, O> = (items: readonly I[]) => Promise<Outcome<O>[]>;

/** Told of every batch once it has committed (or failed): its size and how long its commit took. */
export type BatchObserver = (batch: { items: number; seconds: number }) => void;

/** Items per transaction: bounds the statement sizes and how long one commit holds the database. */
export const MAX_BATCH_ITEMS = 256;

export interface WriteBatcherOptions {
  maxItems?: number;
  observer?: BatchObserver;
  /**
   * Under steady traffic — the last batch ended less than 4 × this long ago — the first write after
   * a pause waits this long for company instead of one event-loop turn: each commit has a fixed cost
   * (the WAL's shared pages, the transaction's statements), and batches of two pay it for every two
   * writes. A lone write after a quiet moment never waits. 0 (the default): never.
   */
  lingerMs?: number;
}

/** How many lingers back the last batch must have ended for traffic to count as steady. */
const STEADY_LINGERS = 4;

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Group commit: the writes that arrive within one event-loop turn are committed together, in the
 * order they arrived, and each caller's promise settles once its batch has committed. One batch
 * is in flight at a time; what arrives meanwhile forms the next one.
 */
export class WriteBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private busy = false;
  /** When the last batch settled (performance.now()). */
  private lastEnded = Number.NEGATIVE_INFINITY;
  private readonly maxItems: number;
  private readonly lingerMs: number;

  constructor(
    private readonly commit: CommitBatch<I, O>,
    private readonly options: WriteBatcherOptions = {},
  ) {
    this.maxItems = options.maxItems ?? MAX_BATCH_ITEMS;
    this.lingerMs = options.lingerMs ?? 0;
  }

  enqueue(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length === 1 && !this.busy) this.schedule();
    });
  }

  private schedule(): void {
    const steady = this.lingerMs > 0 && performance.now() - this.lastEnded < this.lingerMs * STEADY_LINGERS;
    if (steady) setTimeout(() => void this.flush(), this.lingerMs);
    else setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    const begun = performance.now();
    const batch = this.queue.splice(0, this.maxItems);
    try {
      const outcomes = await this.commit(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => {
        const outcome = outcomes[index];
        if (outcome?.ok) pending.resolve(outcome.value);
        else pending.reject(outcome ? outcome.error : new Error('the batch answered no outcome for this write'));
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    } finally {
      this.busy = false;
      this.lastEnded = performance.now();
      this.options.observer?.({ items: batch.length, seconds: (performance.now() - begun) / 1000 });
      if (this.queue.length > 0) setImmediate(() => void this.flush());
    }
  }
}
