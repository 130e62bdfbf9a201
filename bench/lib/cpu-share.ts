import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process and system times in clock ticks of 1/100 s (USER_HZ). */
const TICK_SECONDS = 0.01;

interface Sample {
  at: number;
  self: NodeJS.CpuUsage;
  server: number | null;
  serverMain: number | null;
  database: Map<number, number>;
  busy: number | null;
}

/** Where the cores went during a phase, each in cores busy on average (1.0 = one core all the time). */
export interface CpuShare {
  /** The server process, its verifier workers, GC and JIT threads included. */
  server: number | null;
  /** The server's main thread alone: HTTP, GraphQL, database calls, session signing, logs. */
  serverMain: number | null;
  /** This process: the load generator. */
  bench: number;
  /** PostgreSQL's processes on this machine (0 with SQLite). */
  database: number;
  /** Everything else that kept a core busy: the kernel's own threads, other processes on the machine. */
  other: number | null;
}

/** CPU seconds of a process (all threads) or of one thread (`/proc/PID/task/TID/stat`), and its command name. */
function statSeconds(path: string): { name: string; seconds: number } | null {
  try {
    // Fields after the command name (which may hold spaces) start at the ')'; utime and stime are fields 14 and 15.
    const stat = readFileSync(path, 'utf8');
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
    const stat = statSeconds(`/proc/${entry}/stat`);
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

/** Measures a phase from now until stop(): Linux /proc figures; null where they are not available. */
export function cpuMeter(serverPid: number): { stop(): CpuShare } {
  const sample = (): Sample => ({
    at: performance.now(),
    self: process.cpuUsage(),
    server: statSeconds(`/proc/${serverPid}/stat`)?.seconds ?? null,
    serverMain: statSeconds(`/proc/${serverPid}/task/${serverPid}/stat`)?.seconds ?? null,
    database: postgresSeconds(),
    busy: busySeconds(),
  });
  const start = sample();
  return {
    stop() {
      const end = sample();
      const wall = (end.at - start.at) / 1000;
      const delta = (a: number | null, b: number | null) => (a !== null && b !== null ? (b - a) / wall : null);
      const bench = (end.self.user - start.self.user + end.self.system - start.self.system) / 1e6 / wall;
      let database = 0;
      for (const [pid, seconds] of end.database) database += seconds - (start.database.get(pid) ?? 0);
      database /= wall;
      const server = delta(start.server, end.server);
      const busy = delta(start.busy, end.busy);
      return {
        server,
        serverMain: delta(start.serverMain, end.serverMain),
        bench,
        database,
        other: busy === null || server === null ? null : Math.max(0, busy - server - bench - database),
      };
    },
  };
}

const percent = (value: number | null) => (value === null ? 'n/a' : `${Math.round(value * 100)}%`);
const perOp = (value: number | null, rate: number) => (value === null || rate <= 0 ? 'n/a' : `${((value / rate) * 1e6).toFixed(0)} µs`);

/** One line: each share in % of one core, and what it comes to per operation (a `unit`) at `rate` operations/s. */
export function formatCpuShare(share: CpuShare, rate: number, unit = 'activation'): string {
  const database = share.database > 0.005 ? `, PostgreSQL ${percent(share.database)} (${perOp(share.database, rate)})` : '';
  const workers = share.server !== null && share.serverMain !== null ? Math.max(0, share.server - share.serverMain) : null;
  return (
    `cpu, % of one core (per ${unit}): server main thread ${percent(share.serverMain)} (${perOp(share.serverMain, rate)}), ` +
    `server other threads ${percent(workers)} (${perOp(workers, rate)}), load generator ${percent(share.bench)} (${perOp(share.bench, rate)})` +
    `${database}, rest of the machine ${percent(share.other)}`
  );
}
