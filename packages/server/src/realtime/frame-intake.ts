import { parseClientFrame } from '@parley/protocol';
import type { Parsed } from './frame-dispatch.js';
import { type FramesInFlight, nextTurn } from './frames-in-flight.js';
import { TokenBucket } from './token-bucket.js';

/** Frames one socket may send in a burst, and how many come back per second: a person typing never notices. */
const FRAME_BURST = 300;
const FRAMES_PER_SECOND = 30;
/** Frames of one socket waiting to be handled: a client sending at the allowed rate to a hung database must not grow the node's memory. */
const MAX_QUEUED_FRAMES = 32;
const BINARY: Parsed = { ok: false, error: 'frames are JSON text, not binary' };

export interface IntakeHandlers {
  /** A frame was admitted: it waits its turn. */
  admitted(parsed: Parsed): void;
  /** Its turn came. */
  handle(parsed: Parsed): Promise<void>;
  /** A frame past a limit is dropped (null: a binary one). */
  refused(text: string | null): void;
  /** `handle` threw. */
  failed(error: unknown): void;
}

/**
 * A socket's frames in: each counted as it arrives, malformed or not (the socket's bucket, its queue, the node's
 * frames in flight), then handled one after the other in the order the client sent them.
 */
export class FrameIntake {
  private readonly bucket = new TokenBucket(FRAME_BURST, FRAMES_PER_SECOND);
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private stopped = false;
  /** The node-wide tickets of this socket's frames, queued or being handled. */
  private readonly tickets = new Set<number>();
  private waitingOnClient = false;

  constructor(
    private readonly inFlight: FramesInFlight,
    private readonly handlers: IntakeHandlers,
  ) {}

  /** A text frame, or null for a binary one. */
  arrived(text: string | null): void {
    // The socket is about to close (a shutdown): what comes now is dropped unanswered, and the client resends any
    // `send` of it (unacknowledged) after reconnecting.
    if (this.stopped) return;
    // While the database is slow, at most MAX_QUEUED_FRAMES wait.
    const ticket = this.bucket.take() && this.queued < MAX_QUEUED_FRAMES ? this.inFlight.take(this.waitingOnClient) : null;
    if (ticket === null) {
      this.handlers.refused(text);
      return;
    }
    this.tickets.add(ticket);
    const parsed = text === null ? BINARY : parseClientFrame(text);
    this.handlers.admitted(parsed);
    this.queued++;
    // Each frame starts on a turn of its own: storage calls resolve as microtasks, and without the turn one
    // socket's queue (and every other's) would run to its end before the node reads or answers anything else.
    this.queue = this.queue
      .then(nextTurn)
      .then(() => this.handlers.handle(parsed))
      .catch((error) => this.handlers.failed(error))
      .finally(() => {
        this.queued--;
        this.tickets.delete(ticket);
        this.inFlight.release(ticket);
      });
  }

  /**
   * While the frame being handled waits for the client to read (a replay paced by the socket), this socket's frames
   * are parked in the node's count (FramesInFlight.park): a slow reader's queue does not make the node look behind.
   */
  async whileWaitingOnClient<T>(wait: Promise<T>): Promise<T> {
    this.waitingOnClient = true;
    for (const ticket of this.tickets) this.inFlight.park(ticket);
    try {
      return await wait;
    } finally {
      this.waitingOnClient = false;
      for (const ticket of this.tickets) this.inFlight.unpark(ticket);
    }
  }

  /** Takes no more frames; resolves once the ones taken are handled (a `send` committed and answered). */
  stop(): Promise<void> {
    this.stopped = true;
    return this.queue;
  }
}
