import { readFileSync } from 'node:fs';

/** Linux reports process and system times in clock ticks of 1/100 s (USER_HZ). */
const TICK_SECONDS = 0.01;

interface Sample {
  at: number;
  self: NodeJS.CpuUsage;
  server: number | null;
  busy: number | null;
}

export interface CpuShare {
  /** Each in cores busy on average over the interval (1.0 = one core all the time). */
  server: number | null;
  bench: number;
  /** Everything else that kept a core busy: the database server, the kernel, other processes. */
  other: number | null;
}

function processSeconds(pid: number): number | null {
  try {
    // Fields after the command name (which may hold spaces) start at the ')'; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_SECONDS;
  } catch {
    return null;
  }
}

function busySeconds(): number | null {
  try {
    const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) * TICK_SECONDS;
  } catch {
    return null;
  }
}

/** Where the cores went during a phase: the server process (its worker threads included), this bench, the rest. */
export function cpuMeter(serverPid: number): { stop(): CpuShare } {
  const sample = (): Sample => ({ at: performance.now(), self: process.cpuUsage(), server: processSeconds(serverPid), busy: busySeconds() });
  const start = sample();
  return {
    stop() {
      const end = sample();
      const wall = (end.at - start.at) / 1000;
      const bench = (end.self.user - start.self.user + end.self.system - start.self.system) / 1e6;
      const server = end.server !== null && start.server !== null ? end.server - start.server : null;
      const busy = end.busy !== null && start.busy !== null ? end.busy - start.busy : null;
      return {
        server: server === null ? null : server / wall,
        bench: bench / wall,
        other: busy === null || server === null ? null : Math.max(0, busy - server - bench) / wall,
      };
    },
  };
}

export function formatCpuShare(share: CpuShare): string {
  const pct = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value * 100)}%`);
  return `cpu (% of one core): server ${pct(share.server)}, load generator ${pct(share.bench)}, other ${pct(share.other)}`;
}
