/** Timers the heartbeat uses; injected by tests so they never wait. */
export interface HeartbeatTimers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const defaultTimers: HeartbeatTimers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * The client side of docs/protocol.md, Heartbeats: after `intervalMs` without any frame, `ping()`; when
 * nothing at all arrives within another interval, `dead()`. Every received frame calls `alive()`.
 */
export class Heartbeat {
  private handle: unknown = null;
  private intervalMs = 0;

  constructor(
    private readonly timers: HeartbeatTimers,
    private readonly ping: () => void,
    private readonly dead: () => void,
  ) {}

  start(intervalMs: number): void {
    this.intervalMs = intervalMs;
    this.alive();
  }

  /** A frame arrived: the silence starts over. */
  alive(): void {
    if (this.intervalMs <= 0) return;
    this.clearTimer();
    this.handle = this.timers.set(() => {
      this.ping();
      this.handle = this.timers.set(() => {
        this.stop();
        this.dead();
      }, this.intervalMs);
    }, this.intervalMs);
  }

  stop(): void {
    this.intervalMs = 0;
    this.clearTimer();
  }

  private clearTimer(): void {
    if (this.handle !== null) this.timers.clear(this.handle);
    this.handle = null;
  }
}
