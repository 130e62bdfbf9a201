/** Frames one socket may send in a burst, and how many come back per second: a person typing never notices. */
export const FRAME_BURST = 300;
export const FRAMES_PER_SECOND = 30;

/** A token bucket per socket, counted as frames arrive (before they are parsed or queued). */
export class FrameBucket {
  private allowance = FRAME_BURST;
  private last: number;

  constructor(private readonly now: () => number = Date.now) {
    this.last = now();
  }

  take(): boolean {
    const now = this.now();
    this.allowance = Math.min(FRAME_BURST, this.allowance + ((now - this.last) / 1000) * FRAMES_PER_SECOND);
    this.last = now;
    if (this.allowance < 1) return false;
    this.allowance -= 1;
    return true;
  }
}
