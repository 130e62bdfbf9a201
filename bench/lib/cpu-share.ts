import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process and system times in clock ticks of 1/100 s (USER_HZ). */
const TICK_SECONDS = 0.01;

interface Sample {
  at: number;
  self: NodeJS.CpuUsage;
  server: number | null;
  database: Map<number, number>;
  busy: number | null;
}

export interface CpuShare {
  /** Each in cores busy on average over the interval (1.0 = one core all the time). */
  server: number | null;
  bench: number;
  /** PostgreSQL's processes (on this machine), 0 when there are none. */
  database: number;
  /** Everything else that kept a core busy: the database server, the kernel, other processes. */
  other: number | null;
}

/** A process's command name and CPU seconds (all its threads), or null when it is gone. */
function processStat(pid: number): { name: string; seconds: number } | null {
  try {
    // Fields after the command name (which may hold spaces) start at the ')'; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
      seconds: (Number(fields[11]) + Number(fields[12])) * TICK_SECONDS,
    };
  } catch {
    return null;
  }
}

function postgresSeconds(): Map<number, number> {
  const seconds = new Map<number, number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return seconds;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (stat?.name === 'postgres') seconds.set(Number(entry), stat.seconds);
  }
  return seconds;
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
  const sample = (): Sample => ({
    at: performance.now(),
    self: process.cpuUsage(),
    server: processStat(serverPid)?.seconds ?? null,
    database: postgresSeconds(),
    busy: busySeconds(),
  });
  const start = sample();
  return {
    stop() {
      const end = sample();
      const wall = (end.at - start.at) / 1000;
      const bench = (end.self.user - start.self.user + end.self.system - start.self.system) / 1e6;
      const server = end.server !== null && start.server !== null ? end.server - start.server : null;
      const busy = end.busy !== null && start.busy !== null ? end.busy - start.busy : null;
      let database = 0;
      for (const [pid, seconds] of end.database) database += seconds - (start.database.get(pid) ?? 0);
      return {
        server: server === null ? null : server / wall,
        bench: bench / wall,
        database: database / wall,
        other: busy === null || server === null ? null : Math.max(0, busy - server - bench - database) / wall,
      };
    },
  };
}

export function formatCpuShare(share: CpuShare): string {
  const pct = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value * 100)}%`);
  const database = share.database > 0.005 ? `, PostgreSQL ${pct(share.database)}` : '';
  return `cpu (% of one core): server ${pct(share.server)}, load generator ${pct(share.bench)}${database}, other ${pct(share.other)}`;
}
