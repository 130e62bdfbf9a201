import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** A delivery later than this fails a step of the search (p99 < LATE_MS is the criterion). */
export const LATE_MS = 100;

/**
 * Cheap clients: no compression offered, no UTF-8 validation of what arrives, and an all-zero mask
 * (RFC 6455 wants a random one against proxy cache poisoning; on loopback it only costs an XOR
 * pass and a copy of every frame the generator sends — the server unmasks either way).
 */
const CLIENT_OPTIONS: WebSocket.ClientOptions = {
  perMessageDeflate: false,
  skipUTF8Validation: true,
  generateMask: (mask) => {
    mask.fill(0);
  },
};
const TEXT_FRAME = { binary: false };

/** Where a delivered frame names its message: the generator's clientIds are `m<number>`. */
const CLIENT_ID_MARK = Buffer.from('"clientId":"m');
/** `{"type":"` then the first letter of the type: the server writes `type` first. */
const TYPE_LETTER_AT = 9;
const LETTER_A = 97; // ack
const LETTER_E = 101; // error

/** The text of every measured message; each frame differs only by its clientId. */
const MESSAGE_TEXT = 'Hello! I ordered a blue jacket last week and it has not arrived yet. Could you check where it is?';
const FRAME_HEAD = '{"type":"send","clientId":"m';
const FRAME_TAIL = `","text":${JSON.stringify(MESSAGE_TEXT)}}`;

/** Latency samples of one phase; deliveries of messages sent before it are stragglers, not samples. */
interface Window {
  first: number;
  samples: Float64Array;
  count: number;
  late: number;
  lastAt: number;
}

/** Send instants of every measured message of the run, by number, and the samples of the open phase. */
class LatencyBook {
  private sentAt = new Float64Array(1 << 20);
  private next = 0;
  window: Window | null = null;
  stragglers = 0;
  unknown = 0;

  get numbered(): number {
    return this.next;
  }

  stamp(now: number): void {
    if (this.next === this.sentAt.length) {
      const grown = new Float64Array(this.sentAt.length * 2);
      grown.set(this.sentAt);
      this.sentAt = grown;
    }
    this.sentAt[this.next++] = now;
  }

  delivered(n: number, at: number): void {
    if (n >= this.next) {
      this.unknown++;
      return;
    }
    const window = this.window;
    if (window === null || n < window.first) {
      this.stragglers++;
      return;
    }
    const latency = at - (this.sentAt[n] as number);
    if (window.count < window.samples.length) window.samples[window.count++] = latency;
    if (latency > LATE_MS) window.late++;
    window.lastAt = at;
  }
}

/** Opens a socket, sends `auth`, and resolves once `ready` is in; later frames go to `onFrame`, a close after `ready` to `onLost`. */
export function openRealtime(
  url: string,
  token: string,
  onFrame: (data: Buffer) => void,
  onLost: (why: string, code: number) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, CLIENT_OPTIONS);
    let ready = false;
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no ready within 30 s'));
    }, 30_000);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token })));
    socket.on('message', (data: Buffer) => {
      if (ready) return onFrame(data);
      clearTimeout(timer);
      const text = data.toString();
      if (!text.startsWith('{"type":"ready"')) {
        socket.terminate();
        reject(new Error(`answered auth with ${text.slice(0, 200)}`));
        return;
      }
      ready = true;
      resolve(socket);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      const why = `closed with ${code} ${reason.toString()}`;
      if (ready) onLost(why, code);
      else reject(new Error(why));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      if (!ready) reject(error);
    });
  });
}

/** Runs `open` for every item, at most `concurrency` at a time (the server's listen backlog is finite). */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, open: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await open(items[index] as T);
      }
    }),
  );
  return results;
}

/** What one open-loop phase measured. Latencies run from the generator's send to an agent socket's receipt, one sample per agent. */
export interface PhaseResult {
  rate: number;
  /** Messages sent. */
  sent: number;
  /** Deliveries expected (sent × agents) and received. */
  expected: number;
  delivered: number;
  /** Sorted, ms. */
  latencies: Float64Array;
  /** Deliveries over LATE_MS. */
  late: number;
  /** Stopped early: more than 1 % of the planned deliveries were already late (p99 ≥ LATE_MS whatever follows). */
  aborted: boolean;
  /** Wall time of the sending, ms. */
  sendMs: number;
  /** Messages per second fully delivered, from the first send to the last delivery: the capacity when overloaded. */
  throughput: number;
  /** Acknowledgements and error frames the visitors received for this phase's sends (when the server acknowledges). */
  acks: number;
  errors: number;
}

export interface PhaseOptions {
  rate: number;
  ms: number;
  /** Stop sending once the step has certainly failed (search steps). */
  abortWhenLate: boolean;
  /** How long to wait for the last deliveries after the last send. */
  drainMs: number;
}

/**
 * Visitor and agent sockets on one server, and the open-loop generator: messages start at a fixed
 * rate whatever the server does, round-robin over the visitors, each frame serialized before the
 * phase starts. The clock of a message starts when the generator sends it (its 1 ms tick is the
 * generator's own lag); a server that falls behind shows as latency, not as a slower send rate.
 */
export class RealtimeFleet {
  readonly visitors: WebSocket[] = [];
  readonly agents: WebSocket[] = [];
  private readonly book = new LatencyBook();
  /** Every `send` frame of the run (greetings included), and the acknowledgements received. */
  sent = 0;
  acks = 0;
  errors = 0;
  firstError: string | null = null;
  /** Sockets the server closed while the bench used them. */
  lost = 0;
  firstLost: string | null = null;

  constructor(
    private readonly url: string,
    /** Whether the server acknowledges each send (Parley does, after commit; the bare relay does not). */
    readonly acknowledges: boolean,
  ) {}

  static realtimeUrl(httpUrl: string): string {
    return `${httpUrl.replace(/^http/, 'ws')}/realtime`;
  }

  private readonly onLost = (why: string) => {
    this.lost++;
    this.firstLost ??= why;
  };

  private readonly onAgentFrame = (data: Buffer) => {
    const at = performance.now();
    const mark = data.indexOf(CLIENT_ID_MARK);
    if (mark === -1) return;
    let n = 0;
    for (let i = mark + CLIENT_ID_MARK.length; i < data.length; i++) {
      const digit = (data[i] as number) - 48;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    this.book.delivered(n, at);
  };

  private readonly onVisitorFrame = (data: Buffer) => {
    const letter = data[TYPE_LETTER_AT];
    if (letter === LETTER_A) this.acks++;
    else if (letter === LETTER_E) {
      this.errors++;
      this.firstError ??= data.toString().slice(0, 300);
    }
  };

  async addAgents(tokens: readonly string[]): Promise<void> {
    const sockets = await inBatches(tokens, 32, (token) => openRealtime(this.url, token, this.onAgentFrame, this.onLost));
    this.agents.push(...sockets);
  }

  /** Opens visitor sockets (authenticated, `ready` received) and returns them; `measured` ones take part in the phases. */
  async addVisitors(tokens: readonly string[], measured = true): Promise<WebSocket[]> {
    const sockets = await inBatches(tokens, 64, (token) => openRealtime(this.url, token, this.onVisitorFrame, this.onLost));
    if (measured) this.visitors.push(...sockets);
    return sockets;
  }

  /** Closes sockets the bench opened, and waits for the close handshakes. */
  async close(sockets: readonly WebSocket[]): Promise<void> {
    await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<void>((done) => {
            if (socket.readyState === WebSocket.CLOSED) return done();
            socket.removeAllListeners('close');
            socket.once('close', () => done());
            socket.close(1000);
          }),
      ),
    );
    const gone = new Set(sockets);
    const keep = (list: WebSocket[]) => list.splice(0, list.length, ...list.filter((socket) => !gone.has(socket)));
    keep(this.visitors);
    keep(this.agents);
  }

  /**
   * One unmeasured message from each visitor (`w<i>` clientIds, not matched by the agents): on
   * Parley each visitor's conversation starts here, outside the timed phases. Sent 32 at a time,
   * each group waiting for its acks: all at once would be over a node's frames-in-flight bound
   * (PARLEY_WS_MAX_FRAMES_IN_FLIGHT, 32 × cores) and answered RATE_LIMITED.
   */
  async greet(): Promise<void> {
    const GROUP = 32;
    for (let first = 0; first < this.visitors.length; first += GROUP) {
      const group = this.visitors.slice(first, first + GROUP);
      const acks = this.acks;
      group.forEach((socket, index) => {
        socket.send(`{"type":"send","clientId":"w${first + index}","text":"hello"}`, TEXT_FRAME);
      });
      this.sent += group.length;
      if (!this.acknowledges) continue;
      const until = performance.now() + 30_000;
      while (this.acks - acks < group.length && this.errors === 0 && performance.now() < until) await sleep(1);
      if (this.acks - acks < group.length)
        throw new Error(`greeting: ${this.acks - acks} acks for ${group.length} messages (${this.firstError ?? 'no error frame'})`);
    }
  }

  async phase(options: PhaseOptions): Promise<PhaseResult> {
    const { rate, ms } = options;
    const agents = this.agents.length;
    const visitors = this.visitors;
    if (agents === 0 || visitors.length === 0) throw new Error('a phase needs visitors and agents');
    const planned = Math.max(1, Math.floor((rate * ms) / 1000));
    const first = this.book.numbered;
    const frames = Array.from({ length: planned }, (_, i) => Buffer.from(`${FRAME_HEAD}${first + i}${FRAME_TAIL}`));
    const window: Window = { first, samples: new Float64Array(planned * agents), count: 0, late: 0, lastAt: 0 };
    const lateLimit = Math.floor(planned * agents * 0.01);
    const acks = this.acks;
    const errors = this.errors;
    this.book.window = window;
    let sent = 0;
    let cursor = 0;
    let aborted = false;
    const started = performance.now();
    await new Promise<void>((done) => {
      const tick = () => {
        const now = performance.now();
        const due = Math.min(planned, Math.floor(((now - started) * rate) / 1000));
        while (sent < due) {
          this.book.stamp(now);
          (visitors[cursor] as WebSocket).send(frames[sent] as Buffer, TEXT_FRAME);
          cursor = cursor + 1 === visitors.length ? 0 : cursor + 1;
          sent++;
        }
        if (options.abortWhenLate && window.late > lateLimit) aborted = true;
        if (sent >= planned || aborted) return done();
        setTimeout(tick, 1);
      };
      tick();
    });
    const sendMs = performance.now() - started;
    this.sent += sent;
    const expected = sent * agents;
    // A refused send (an error frame: the overload guard past capacity) is answered and never delivered: without
    // counting it, a step with refusals waited out the whole drain and used up the search's time.
    const settled = () => {
      const refused = this.errors - errors;
      return window.count >= (sent - refused) * agents && (!this.acknowledges || this.acks - acks + refused >= sent);
    };
    const until = performance.now() + options.drainMs;
    while (!settled() && performance.now() < until) await sleep(2);
    this.book.window = null;
    const latencies = window.samples.slice(0, window.count).sort();
    const lastAt = window.lastAt || performance.now();
    return {
      rate,
      sent,
      expected,
      delivered: window.count,
      latencies,
      late: window.late,
      aborted,
      sendMs,
      throughput: (Math.floor(window.count / agents) * 1000) / Math.max(1, lastAt - started),
      acks: this.acks - acks,
      errors: this.errors - errors,
    };
  }

  /** Deliveries of messages sent in an earlier phase (a phase that ran late), and deliveries naming no message sent. */
  get strays(): { stragglers: number; unknown: number } {
    return { stragglers: this.book.stragglers, unknown: this.book.unknown };
  }

  /** Drops sockets at once (no close handshake), without counting them as lost. */
  terminate(sockets: readonly WebSocket[]): void {
    for (const socket of sockets) {
      socket.removeAllListeners('close');
      socket.terminate();
    }
  }

  closeAll(): void {
    this.terminate([...this.visitors, ...this.agents]);
  }
}

/** Nearest-rank percentile of sorted latencies, ms. */
export function sortedPercentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
