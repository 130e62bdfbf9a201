/**
 * Frames of every socket of the node received and not yet handled. Each socket's queue is bounded,
 * but their sum grows with the number of sockets: past this bound a frame is refused on arrival
 * (`RATE_LIMITED` for a send, which the client resends by clientId) instead of waiting seconds
 * behind thousands of others while the node answers nothing.
 */
export class FramesInFlight {
  private count = 0;

  constructor(private readonly max: number) {}

  /** Counts one more frame, unless the node is at its bound. */
  take(): boolean {
    if (this.count >= this.max) return false;
    this.count++;
    return true;
  }

  release(): void {
    this.count--;
  }
}

/** Resolves on the event loop's next turn, so reads, timers and other requests run between frames. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
