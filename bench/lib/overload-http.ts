import { type Answer, LoopbackConnection } from './loopback-load.js';
import type { Ledger } from './overload-ledger.js';

/** One stretch of an open-loop schedule: `rate` requests per second for `ms`, recorded under `segment`. */
export interface Segment {
  segment: number;
  rate: number;
  ms: number;
}

export const TIMEOUT = 'timeout';
export const OUT_OF_REQUESTS = 'not sent: no unused request left';

/**
 * Prepared requests, each sent once — except those the server refused without using them (a
 * credential answered 503 before its decryption is still unused): they come back and go out again.
 */
export class RecyclingPool {
  private next = 0;
  private readonly returned: Buffer[] = [];

  constructor(private readonly fresh: readonly Buffer[]) {}

  take(): Buffer | null {
    return this.returned.pop() ?? (this.next < this.fresh.length ? (this.fresh[this.next++] as Buffer) : null);
  }

  giveBack(request: Buffer): void {
    this.returned.push(request);
  }

  get freshUsed(): number {
    return this.next;
  }
}

export interface HttpScheduleOptions {
  port: number;
  ledger: Ledger;
  pool: RecyclingPool;
  segments: readonly Segment[];
  /** The kind of an answer: OK, `shed: …` or a name for the error. */
  classify: (answer: Answer) => string;
  /** Whether a request answered with this kind was not used, and may be sent again. */
  reusable: (kind: string) => boolean;
  /** Connections at most, as many clients each with one request in progress. */
  maxConnections: number;
  /** A request not answered this long after it was due counts as a timeout (its connection is dropped). */
  timeoutMs: number;
}

const INITIAL_CONNECTIONS = 32;
const OPENING_AT_ONCE = 16;

/**
 * Open loop over consecutive segments: requests become due at each segment's rate whatever the
 * server does, and go out on a free keep-alive connection (a new one when none is free, up to
 * `maxConnections`: past that they wait). Latency runs from the instant a request became due, so
 * waiting for a connection counts (no coordinated omission). Resolves when every request is
 * answered or timed out.
 */
export async function httpSchedule(options: HttpScheduleOptions): Promise<void> {
  const { port, ledger, pool, classify, reusable, timeoutMs, maxConnections } = options;
  const idle = await Promise.all(Array.from({ length: INITIAL_CONNECTIONS }, () => LoopbackConnection.open(port)));
  const all = new Set(idle);
  const waiting: number[] = [];
  let head = 0;
  let inFlight = 0;
  let opening = 0;
  let drained: (() => void) | null = null;

  const finish = (connection: LoopbackConnection) => {
    if (connection.usable) idle.push(connection);
    else all.delete(connection);
  };

  const dispatch = (connection: LoopbackConnection, id: number) => {
    const remaining = timeoutMs - (performance.now() - ledger.dueInstant(id));
    const request = remaining > 0 ? pool.take() : null;
    if (!request) {
      ledger.settle(id, remaining > 0 ? OUT_OF_REQUESTS : TIMEOUT);
      idle.push(connection);
      return;
    }
    inFlight++;
    const timer = setTimeout(() => {
      ledger.settle(id, TIMEOUT);
      connection.close();
    }, remaining);
    connection
      .send(request)
      .then(
        (answer) => {
          const kind = classify(answer);
          ledger.settle(id, kind);
          if (reusable(kind)) pool.giveBack(request);
        },
        (error: Error) => ledger.settle(id, `transport: ${error.message}`),
      )
      .finally(() => {
        clearTimeout(timer);
        inFlight--;
        finish(connection);
        pump();
      });
  };

  const pump = () => {
    while (head < waiting.length && idle.length > 0) {
      const connection = idle.pop() as LoopbackConnection;
      if (connection.usable) dispatch(connection, waiting[head++] as number);
      else all.delete(connection); // closed by the server while idle
    }
    if (head > 4096 && head * 2 > waiting.length) {
      waiting.splice(0, head);
      head = 0;
    }
    const wanted = Math.min(waiting.length - head - opening, maxConnections - all.size - opening, OPENING_AT_ONCE);
    for (let i = 0; i < wanted; i++) {
      opening++;
      LoopbackConnection.open(port).then(
        (fresh) => {
          opening--;
          all.add(fresh);
          idle.push(fresh);
          pump();
        },
        (error: Error) => {
          opening--;
          const lost = head < waiting.length ? waiting[head++] : undefined;
          if (lost !== undefined) ledger.settle(lost, `transport: ${error.message}`);
          pump();
        },
      );
    }
    if (drained && inFlight === 0 && head === waiting.length && opening === 0) drained();
  };

  const started = performance.now();
  const offsets: number[] = [];
  let offset = 0;
  for (const { segment, ms } of options.segments) {
    offsets.push(offset);
    ledger.startSegment(segment, started + offset, ms);
    offset += ms;
  }
  const sent = options.segments.map(() => 0);
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      let finished = true;
      options.segments.forEach(({ segment, rate, ms }, index) => {
        const elapsed = Math.min(ms, Math.max(0, now - started - (offsets[index] as number)));
        const due = Math.floor((elapsed * rate) / 1000);
        while ((sent[index] as number) < due) {
          waiting.push(ledger.add(segment, now));
          sent[index] = (sent[index] as number) + 1;
        }
        if (elapsed < ms) finished = false;
      });
      pump();
      if (finished) return done();
      setTimeout(tick, 1);
    };
    tick();
  });
  await new Promise<void>((done) => {
    drained = done;
    pump();
  });
  for (const connection of all) connection.close();
}
