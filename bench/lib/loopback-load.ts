import { connect, type Socket } from 'node:net';

/** One answer as the load generator sees it: HTTP status and body text. */
export interface Answer {
  status: number;
  body: string;
  /** The `Retry-After` header's value, if the answer has one. */
  retryAfter: string | null;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const RETRY_AFTER = /\r\nretry-after:\s*([^\r]*)/i;

/**
 * A keep-alive HTTP/1.1 connection doing one request at a time, written straight on a socket:
 * the load generator shares the cores with the server, so it costs a few µs a request instead
 * of node:http's tens. It expects what Fastify sends (Content-Length, no chunking).
 */
export class LoopbackConnection {
  private readonly socket: Socket;
  private chunks: Buffer[] = [];
  private received = 0;
  private pending: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | null = null;
  private head: { status: number; length: number; headLength: number; retryAfter: string | null } | null = null;
  private closedWith: Error | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  static open(port: number): Promise<LoopbackConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new LoopbackConnection(socket)));
      socket.once('error', reject);
    });
  }

  get busy(): boolean {
    return this.pending !== null;
  }

  get usable(): boolean {
    return this.closedWith === null;
  }

  /** Sends a complete request (head and body, prepared beforehand) and resolves with the answer. */
  send(request: Buffer): Promise<Answer> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.closedWith ??= new Error('connection closed by the bench');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.received += chunk.length;
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.received);
    if (this.chunks.length > 1) this.chunks = [data];
    if (!this.head) {
      const end = data.indexOf(HEAD_END);
      if (end === -1) return;
      const text = data.toString('latin1', 0, end);
      const status = Number(text.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(text);
      if (!length) {
        this.fail(new Error(`answer without Content-Length (status ${status})`));
        return;
      }
      const retryAfter = RETRY_AFTER.exec(text)?.[1] ?? null;
      this.head = { status, length: Number(length[1]), headLength: end + HEAD_END.length, retryAfter };
    }
    const total = this.head.headLength + this.head.length;
    if (this.received < total) return;
    if (this.received > total) {
      this.fail(new Error('more bytes than one answer: the server sent something unexpected'));
      return;
    }
    const answer = { status: this.head.status, body: data.toString('utf8', this.head.headLength, total), retryAfter: this.head.retryAfter };
    const pending = this.pending;
    this.chunks = [];
    this.received = 0;
    this.head = null;
    this.pending = null;
    pending?.resolve(answer);
  }

  private fail(error: Error): void {
    this.closedWith ??= error;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
    this.socket.destroy();
  }
}

/** A POST as raw bytes, built before the timed part. */
export function postRequest(port: number, path: string, body: string, headers: Record<string, string> = {}): Buffer {
  const payload = Buffer.from(body);
  const extra = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const head = `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n${extra}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

/** Whether an answer counts as done, and if not, a short name for the failure. */
export type Judge = (answer: Answer) => string | null;

export interface PhaseResult {
  ok: number;
  failed: number;
  /** Failure name → count. */
  failures: Map<string, number>;
  /** Latencies of the successful requests, ms. */
  latencies: Float64Array;
  /** Wall time of the phase, ms. */
  elapsedMs: number;
  /** True when the prepared requests ran out before the time did. */
  exhausted: boolean;
}

class Recorder {
  ok = 0;
  failed = 0;
  readonly failures = new Map<string, number>();
  private readonly latencies: Float64Array;

  constructor(capacity: number) {
    this.latencies = new Float64Array(capacity);
  }

  success(ms: number): void {
    this.latencies[this.ok++] = ms;
  }

  failure(name: string): void {
    this.failed++;
    this.failures.set(name, (this.failures.get(name) ?? 0) + 1);
  }

  result(elapsedMs: number, exhausted: boolean): PhaseResult {
    return { ok: this.ok, failed: this.failed, failures: this.failures, latencies: this.latencies.slice(0, this.ok), elapsedMs, exhausted };
  }
}

/** Takes the prepared requests in order; each is sent once (the credentials are single-use). */
export class RequestFeed {
  private next = 0;

  constructor(private readonly requests: readonly Buffer[]) {}

  take(): Buffer | null {
    return this.next < this.requests.length ? (this.requests[this.next++] as Buffer) : null;
  }

  get remaining(): number {
    return this.requests.length - this.next;
  }
}

async function exchange(connection: LoopbackConnection, request: Buffer, judge: Judge, recorder: Recorder, startedAt: number) {
  try {
    const answer = await connection.send(request);
    const failure = judge(answer);
    if (failure === null) recorder.success(performance.now() - startedAt);
    else recorder.failure(failure);
  } catch (error) {
    recorder.failure(`transport: ${(error as Error).message}`);
  }
}

/**
 * Closed loop: `clients` connections, each sending its next request as soon as the previous
 * answer is in, for `ms` (requests in flight at the end are waited for and counted).
 */
export async function closedLoop(port: number, feed: RequestFeed, clients: number, ms: number, judge: Judge): Promise<PhaseResult> {
  const connections = await Promise.all(Array.from({ length: clients }, () => LoopbackConnection.open(port)));
  const recorder = new Recorder(feed.remaining);
  const started = performance.now();
  const until = started + ms;
  let exhausted = false;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < until && connection.usable) {
        const request = feed.take();
        if (!request) {
          exhausted = true;
          return;
        }
        await exchange(connection, request, judge, recorder, performance.now());
      }
    }),
  );
  const elapsed = performance.now() - started;
  for (const connection of connections) connection.close();
  return recorder.result(elapsed, exhausted);
}

/**
 * Open loop: requests start at `rate` per second whatever the answers do, on as many
 * connections as that takes (up to `maxConnections`, then they wait for one). Latency runs
 * from the moment a request is dispatched, before it waits for a connection, so a stall shows in
 * the figures instead of slowing the arrivals (no coordinated omission).
 */
export async function openLoop(
  port: number,
  feed: RequestFeed,
  rate: number,
  ms: number,
  judge: Judge,
  maxConnections = 256,
): Promise<PhaseResult> {
  const idle: LoopbackConnection[] = await Promise.all(Array.from({ length: 16 }, () => LoopbackConnection.open(port)));
  const all = new Set(idle);
  const waiting: { request: Buffer; due: number }[] = [];
  const recorder = new Recorder(feed.remaining);
  let inFlight = 0;
  let opening = 0;
  let exhausted = false;
  let drained: (() => void) | null = null;

  const pump = () => {
    while (waiting.length > 0 && idle.length > 0) {
      const connection = idle.pop() as LoopbackConnection;
      const { request, due } = waiting.shift() as { request: Buffer; due: number };
      inFlight++;
      void exchange(connection, request, judge, recorder, due).then(() => {
        inFlight--;
        if (connection.usable) idle.push(connection);
        else all.delete(connection);
        pump();
      });
    }
    if (waiting.length > 0 && all.size + opening < maxConnections) {
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
          const lost = waiting.splice(0, 1)[0];
          if (lost) recorder.failure(`transport: ${error.message}`);
          pump();
        },
      );
    }
    if (drained && inFlight === 0 && waiting.length === 0 && opening === 0) drained();
  };

  const started = performance.now();
  const total = Math.floor((rate * ms) / 1000);
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor(((now - started) * rate) / 1000));
      while (sent < due) {
        const request = feed.take();
        if (!request) {
          exhausted = true;
          return resolve();
        }
        // The clock starts when the generator dispatches (not at the ideal instant: the 1 ms tick is
        // the generator's own lag); waiting for a free connection is the server's, and counts.
        waiting.push({ request, due: now });
        sent++;
      }
      pump();
      if (sent >= total) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  await new Promise<void>((resolve) => {
    drained = resolve;
    pump();
  });
  const elapsed = performance.now() - started;
  for (const connection of all) connection.close();
  return recorder.result(elapsed, exhausted);
}

/** Nearest-rank percentile of latencies, ms. */
export function percentile(latencies: Float64Array, p: number): number {
  if (latencies.length === 0) return Number.NaN;
  const sorted = latencies.slice().sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}
