/** How far past its steady bound the node may take frames while it keeps up. */
export const ELASTIC_FACTOR = 4;

export interface FramesInFlightLimits {
  /** Frames always taken below this many in flight. */
  steady: number;
  /** Past `steady`, up to ELASTIC_FACTOR × steady, a frame is taken while the oldest in flight has waited less than this (0: never). */
  maxWaitMs: number;
}

/**
 * Frames of every socket of the node received and not yet handled. Each socket's queue is bounded, but their sum
 * grows with the number of sockets: past the bound a frame is refused on arrival (`RATE_LIMITED` for a send, which
 * the client resends by clientId) instead of waiting seconds behind thousands of others while the node answers
 * nothing. The bound is elastic: a burst at a rate the node sustains (a slow commit, a pause for GC) outgrows the
 * steady bound for a moment while every frame in flight is still young, and is taken; an overload makes the oldest
 * wait longer and longer, and is refused from the steady bound on, as with a fixed bound. The elastic part is capped
 * at ELASTIC_FACTOR: each frame taken lengthens the event-loop turns that refusals wait behind (docs/performance.md).
 * Frames that wait on their own client (a socket's queue while its replay waits for the client to read) are parked:
 * they say nothing about the node, so they are counted apart, against a bound of their own. Sockets that stop reading
 * (a frozen tab's, or an attacker's: eight sockets' queues of 32 took the whole bound on two cores, and every other
 * socket's frames, its `auth` included, were refused) then refuse only each other's frames, and close no part of the
 * node's bound for those that read.
 */
export class FramesInFlight {
  /** When each frame in flight and not parked was taken (or unparked), in that order (a Map iterates in insertion order). */
  private readonly takenAt = new Map<number, number>();
  private readonly parked = new Set<number>();
  private nextTicket = 0;
  private readonly max: number;

  constructor(
    private readonly limits: FramesInFlightLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.max = limits.maxWaitMs > 0 ? limits.steady * ELASTIC_FACTOR : limits.steady;
  }

  /**
   * Counts one more frame and answers its ticket, unless its bound is reached (null). Parked from the start, it joins
   * a socket that waits on its client: it counts against the parked frames' bound only.
   */
  take(parked = false): number | null {
    const ticket = this.nextTicket;
    if (parked) {
      if (this.parked.size >= this.max) return null;
      this.parked.add(ticket);
    } else {
      const count = this.takenAt.size;
      if (count >= this.max) return null;
      const now = this.now();
      if (count >= this.limits.steady && now - this.oldest() >= this.limits.maxWaitMs) return null;
      this.takenAt.set(ticket, now);
    }
    this.nextTicket++;
    return ticket;
  }

  release(ticket: number): void {
    if (!this.takenAt.delete(ticket)) this.parked.delete(ticket);
  }

  /** The frame waits on its client, not on the node: it counts among the parked frames, and no longer ages. */
  park(ticket: number): void {
    if (this.takenAt.delete(ticket)) this.parked.add(ticket);
  }

  /** The frame waits on the node again, from now (taken already: it may pass the bound for a moment). */
  unpark(ticket: number): void {
    if (this.parked.delete(ticket)) this.takenAt.set(ticket, this.now());
  }

  private oldest(): number {
    for (const at of this.takenAt.values()) return at;
    return Number.POSITIVE_INFINITY;
  }
}

/** Resolves on the event loop's next turn, so reads, timers and other requests run between frames. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
