/** The server process seen from /proc: resident memory (VmRSS) and CPU time, sampled while the fuzz runs. */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';

/** VmRSS of `pid` in bytes, or null when the process is gone. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds of `pid` (all its threads), or null when it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Waits until `pid` uses under 10 % of a core over a second (at most `limitMs`): its start-up work (SDK bundles) is done. */
export async function waitUntilIdle(pid: number, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  let before = cpuSeconds(pid) ?? 0;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuSeconds(pid) ?? 0;
    if (now - before < 0.1) return;
    before = now;
  }
}

export interface RssReport {
  startBytes: number;
  /** After the warm-up (the first samples of the run): the baseline "flat" is judged against. */
  warmBytes: number;
  peakBytes: number;
  endBytes: number;
  samples: number;
  /** The machine's 1-minute load average while the run went on (the cores are shared with whatever else runs). */
  load: { mean: number; max: number; cores: number };
}

/** Samples RSS every second; `warmAfterMs` into the run, the current value becomes the baseline. */
export class RssSampler {
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = Date.now();
  private readonly report: RssReport;

  constructor(
    private readonly pid: number,
    private readonly warmAfterMs: number,
  ) {
    const start = rssBytes(pid) ?? 0;
    this.report = {
      startBytes: start,
      warmBytes: start,
      peakBytes: start,
      endBytes: start,
      samples: 1,
      load: { mean: 0, max: 0, cores: availableParallelism() },
    };
    let warmed = false;
    let loadSum = 0;
    let loadSamples = 0;
    this.timer = setInterval(() => {
      const [load = 0] = loadavg();
      loadSum += load;
      loadSamples++;
      this.report.load.mean = loadSum / loadSamples;
      this.report.load.max = Math.max(this.report.load.max, load);
      const rss = rssBytes(this.pid);
      if (rss === null) return;
      this.report.samples++;
      this.report.endBytes = rss;
      this.report.peakBytes = Math.max(this.report.peakBytes, rss);
      if (!warmed && Date.now() - this.startedAt >= this.warmAfterMs) {
        warmed = true;
        this.report.warmBytes = rss;
      }
    }, 1000);
    this.timer.unref();
  }

  stop(): RssReport {
    clearInterval(this.timer);
    const rss = rssBytes(this.pid);
    if (rss !== null) this.report.endBytes = rss;
    return { ...this.report };
  }
}
