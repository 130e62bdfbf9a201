/**
 * Work refused because the node is at capacity, not because of the caller or a fault: answered
 * like an unavailable database (503 `SERVICE_UNAVAILABLE`, `Retry-After`), so clients back off.
 */
export class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
  constructor(what: string) {
    super(`the server is at capacity (${what})`);
  }
}

/**
 * A node-wide bound on one kind of work in progress: past `max`, a call is refused at once with
 * OverloadedError instead of joining a queue that only grows while the node is past its capacity.
 */
export class InProgressLimit {
  #inProgress = 0;

  constructor(
    readonly max: number,
    private readonly what: string,
  ) {}

  get inProgress(): number {
    return this.#inProgress;
  }

  get full(): boolean {
    return this.#inProgress >= this.max;
  }

  /** What a call past the bound is refused with. */
  refusal(): OverloadedError {
    return new OverloadedError(`${this.max} ${this.what} in progress`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.full) throw this.refusal();
    this.#inProgress++;
    try {
      return await work();
    } finally {
      this.#inProgress--;
    }
  }
}
