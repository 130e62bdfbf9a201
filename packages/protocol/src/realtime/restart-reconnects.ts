import { RESTART_RECONNECT_JITTER_MS, realtimeCloseReconnectsAtOnce } from './close-codes.js';

/** Reconnections at once after a node left, in a row; past them, a server closing every socket so would loop. */
const MAX_IN_A_ROW = 3;
/** A socket ready this long proves the node answers: the count starts again. */
const READY_RESETS_MS = 60_000;

/**
 * When a client reconnects without its backoff (the SDK's channel and the desk's alike): after a close that says
 * the node left (1012 SERVICE_RESTART, 1001 GOING_AWAY), at once with a little jitter, at most 3 times in a row;
 * any other close, or a fourth in a row, goes to the caller's backoff.
 */
export class RestartReconnects {
  private inARow = 0;
  private readyAt = 0;

  /** The socket got `ready`. */
  ready(now = Date.now()): void {
    this.readyAt = now;
  }

  /** Starting over (a new channel). */
  reset(): void {
    this.inARow = 0;
    this.readyAt = 0;
  }

  /** After a close: the jitter to wait before reconnecting at once (ms), or null for the caller's backoff. */
  delayAfter(code: number, now = Date.now()): number | null {
    if (this.readyAt > 0 && now - this.readyAt >= READY_RESETS_MS) this.inARow = 0;
    this.readyAt = 0;
    if (!realtimeCloseReconnectsAtOnce(code) || this.inARow >= MAX_IN_A_ROW) return null;
    this.inARow++;
    return Math.random() * RESTART_RECONNECT_JITTER_MS;
  }
}
