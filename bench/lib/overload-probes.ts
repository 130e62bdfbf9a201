import { readFileSync } from 'node:fs';
import { LoopbackConnection } from './loopback-load.js';
import { Ledger, OK } from './overload-ledger.js';
import type { ServerStats } from './serve-server.js';
import type { ServerProcess } from './server-process.js';

/**
 * `GET /healthz` every `intervalMs` on connections of its own (a new one while the others wait),
 * recorded in a ledger of its own under the segment `segmentAt()` names; the latency runs from the
 * instant the probe was due, so a stalled event loop shows in full.
 */
export class HealthProbe {
  readonly ledger = new Ledger();
  private readonly idle: LoopbackConnection[] = [];
  private readonly all = new Set<LoopbackConnection>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(
    private readonly port: number,
    private readonly segmentAt: () => number,
    private readonly intervalMs = 100,
    private readonly timeoutMs = 10_000,
  ) {}

  start(): void {
    const request = Buffer.from(`GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:${this.port}\r\n\r\n`, 'latin1');
    this.timer = setInterval(() => {
      const id = this.ledger.add(this.segmentAt());
      this.inFlight++;
      void this.probe(id, request).finally(() => this.inFlight--);
    }, this.intervalMs);
  }

  /** The timeout covers opening a connection too: a full accept queue drops SYNs, retried after 1, 3, 7… s. */
  private async probe(id: number, request: Buffer): Promise<void> {
    let connection = this.idle.pop();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.ledger.settle(id, 'timeout');
      connection?.close();
    }, this.timeoutMs);
    try {
      if (!connection?.usable) {
        connection = await LoopbackConnection.open(this.port);
        this.all.add(connection);
        if (timedOut) return connection.close();
      }
      const answer = await connection.send(request);
      this.ledger.settle(id, answer.status === 200 ? OK : `HTTP ${answer.status}`);
      this.idle.push(connection);
    } catch (error) {
      this.ledger.settle(id, `transport: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops probing, waits for the probes in flight (each bounded by its timeout), closes the connections. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    while (this.inFlight > 0) await new Promise((done) => setTimeout(done, 20));
    for (const connection of this.all) connection.close();
  }
}

/** One sample of the server, every second. */
export interface ServerSample {
  /** ms from the run's ledger start. */
  atMs: number;
  segment: number;
  /** VmRSS from /proc/PID/status, MB. */
  rssMB: number;
  /** From the server over IPC, once it answered (null if it never did). */
  stats: ServerStats | null;
  /** How long the server took to answer the ask, ms: its event loop's responsiveness. */
  statsAfterMs: number | null;
  /** Bytes clients sent on the server's TCP connections that the server has not read yet (kernel receive queues). */
  unreadBytes: number;
  /** Connections accepted by the kernel, not yet by the server (the listening socket's queue). */
  acceptQueue: number;
  /** The load generator's own count of requests or messages sent and not answered yet. */
  outstanding: number;
}

export function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kB === undefined ? Number.NaN : Number(kB) / 1024;
}

/** Kernel queues of the sockets bound to `port` (IPv4, /proc/net/tcp): unread bytes of connections, length of the accept queue. */
function kernelQueues(port: number): { unreadBytes: number; acceptQueue: number } {
  let unreadBytes = 0;
  let acceptQueue = 0;
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return { unreadBytes: Number.NaN, acceptQueue: Number.NaN };
  }
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (!fields[1]?.endsWith(portHex)) continue;
    const rx = Number.parseInt((fields[4] ?? '').split(':')[1] ?? '0', 16);
    if (fields[3] === '0A') acceptQueue += rx;
    else unreadBytes += rx;
  }
  return { unreadBytes, acceptQueue };
}

/**
 * Samples the server process every second: RSS and the kernel queues on its port (read from /proc
 * here), and its own stats, asked over IPC without waiting: a stalled event loop answers late, and
 * the answer, whenever it comes, fills in its sample with how late it was (its delay histogram then
 * holds the stall).
 */
export class ServerSampler {
  readonly samples: ServerSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly askedAt = new Map<number, { sample: ServerSample; at: number }>();
  private seq = 0;
  private readonly onMessage = (message: { type?: string; seq?: number; stats?: ServerStats }) => {
    if (message.type !== 'stats' || typeof message.seq !== 'number' || !message.stats) return;
    const asked = this.askedAt.get(message.seq);
    if (!asked) return;
    this.askedAt.delete(message.seq);
    asked.sample.stats = message.stats;
    asked.sample.statsAfterMs = performance.now() - asked.at;
  };

  constructor(
    private readonly server: ServerProcess,
    private readonly ledger: Ledger,
    private readonly segmentAt: () => number,
    private readonly outstanding: () => number,
  ) {}

  start(): void {
    this.server.child.on('message', this.onMessage);
    const sample = () => {
      const at = performance.now();
      const taken: ServerSample = {
        atMs: at - this.ledger.started,
        segment: this.segmentAt(),
        rssMB: rssMB(this.server.pid),
        stats: null,
        statsAfterMs: null,
        ...kernelQueues(this.server.port),
        outstanding: this.outstanding(),
      };
      this.samples.push(taken);
      const seq = ++this.seq;
      this.askedAt.set(seq, { sample: taken, at });
      if (this.server.child.connected) this.server.child.send({ type: 'stats', seq });
    };
    sample();
    this.timer = setInterval(sample, 1000);
  }

  /** Stops sampling; waits up to `graceMs` for the answers still due. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    const until = performance.now() + graceMs;
    while (this.askedAt.size > 0 && performance.now() < until) await new Promise((done) => setTimeout(done, 20));
    this.server.child.off('message', this.onMessage);
  }
}
