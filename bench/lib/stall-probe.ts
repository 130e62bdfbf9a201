import { PerformanceObserver, performance } from 'node:perf_hooks';

/** Event-loop turns that ran long since the last `take()`: how many, the longest, and how many a GC overlapped. */
export interface StallReport {
  count: number;
  longestMs: number;
  withGc: number;
  /** The bound a turn passed to count, ms. */
  overMs: number;
}

/**
 * Finds long event-loop turns from a timer's lateness (every 5 ms): a tick later than `overMs` means a turn (or the
 * wait for a core) held the loop that long. Each is checked against V8's GC entries of the same moment, so a
 * stall is told from a collection. For the benches' servers: it explains a p99 the averages hide.
 */
export class StallProbe {
  private readonly gcs: { start: number; end: number }[] = [];
  private report: StallReport;
  private last = performance.now();

  constructor(private readonly overMs = 10) {
    this.report = { count: 0, longestMs: 0, withGc: 0, overMs };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) this.gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
      if (this.gcs.length > 1_000) this.gcs.splice(0, this.gcs.length - 1_000);
    }).observe({ entryTypes: ['gc'] });
    setInterval(() => this.tick(), 5).unref();
  }

  take(): StallReport {
    const report = this.report;
    this.report = { count: 0, longestMs: 0, withGc: 0, overMs: this.overMs };
    return report;
  }

  private tick(): void {
    const now = performance.now();
    const lateness = now - this.last - 5;
    if (lateness > this.overMs) {
      this.report.count++;
      this.report.longestMs = Math.max(this.report.longestMs, lateness);
      if (this.gcs.some((gc) => gc.end >= this.last && gc.start <= now)) this.report.withGc++;
    }
    this.last = now;
  }
}
