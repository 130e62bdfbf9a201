/**
 * A value read with `useSyncExternalStore`: `get()` answers the same object until `set()` replaces it, so React
 * re-renders on changes only (a new object on every read would loop).
 */
export class ExternalStore<T> {
  private readonly listeners = new Set<() => void>();
  private value: T;

  /** What the server renders and hydration starts from. */
  readonly initial: T;

  constructor(initial: T) {
    this.value = initial;
    this.initial = initial;
  }

  readonly get = (): T => this.value;

  readonly getInitial = (): T => this.initial;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Replaces the value with `next(current)` and tells the subscribers. */
  update(next: (current: T) => T): void {
    const value = next(this.value);
    if (Object.is(value, this.value)) return;
    this.value = value;
    for (const listener of [...this.listeners]) listener();
  }
}
