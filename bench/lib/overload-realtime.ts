import type WebSocket from 'ws';
import type { Segment } from './overload-http.js';
import { type Ledger, OK, SHED_PREFIX } from './overload-ledger.js';
import { inBatches, openRealtime, RealtimeFleet, sleep } from './realtime-load.js';

/** `{"type":"` then the first letter of the type: the server writes `type` first. */
const TYPE_LETTER_AT = 9;
const LETTER_A = 97; // ack
const LETTER_E = 101; // error
/** The generator's clientIds are `o<ledger number>`. */
const CLIENT_ID_MARK = Buffer.from('"clientId":"o');
const CODE_MARK = Buffer.from('"code":"');
const TEXT = JSON.stringify('Hello! I ordered a blue jacket last week and it has not arrived yet. Could you check where it is?');
export const SOCKET_CLOSED = 'not sent: socket closed';
const CLOSED_LOOP_BACKOFF_MS = 100;

function numberAfter(data: Buffer, mark: Buffer): number | null {
  const at = data.indexOf(mark);
  if (at === -1) return null;
  let n = 0;
  let digits = 0;
  for (let i = at + mark.length; i < data.length; i++, digits++) {
    const digit = (data[i] as number) - 48;
    if (digit < 0 || digit > 9) break;
    n = n * 10 + digit;
  }
  return digits > 0 ? n : null;
}

function codeOf(data: Buffer): string {
  const at = data.indexOf(CODE_MARK);
  if (at === -1) return 'unknown';
  const from = at + CODE_MARK.length;
  return data.toString('latin1', from, data.indexOf(34, from)); // up to the closing quote
}

/**
 * Visitor sockets sending `send` frames (each numbered by its ledger entry) and agent sockets that
 * receive every message; each visitor's answer — `ack`, or an `error` frame naming the clientId —
 * settles the entry: OK, `shed: RATE_LIMITED`, or `error: CODE`. Closes are counted by code and reason.
 */
export class OverloadFleet {
  readonly visitors: WebSocket[] = [];
  readonly agents: WebSocket[] = [];
  /** Closes by the server after `ready`, by "closed with CODE REASON". */
  readonly closes = new Map<string, number>();
  /** Error frames that named no clientId of the generator, by code. */
  readonly strayErrors = new Map<string, number>();
  acked = 0;
  private readonly url: string;
  /** While a closed loop runs: its segment; each answer makes the visitor send the next message. */
  private closedLoop: { segment: number } | null = null;

  constructor(
    httpUrl: string,
    private readonly ledger: Ledger,
  ) {
    this.url = RealtimeFleet.realtimeUrl(httpUrl);
  }

  private readonly lost = (why: string) => {
    this.closes.set(why, (this.closes.get(why) ?? 0) + 1);
  };

  private onVisitorFrame(index: number, data: Buffer): void {
    const letter = data[TYPE_LETTER_AT];
    if (letter !== LETTER_A && letter !== LETTER_E) return; // the echo of its own message, typing, read…
    const id = numberAfter(data, CLIENT_ID_MARK);
    if (letter === LETTER_A) {
      if (id === null) return;
      this.ledger.settle(id, OK);
      this.acked++;
    } else {
      const code = codeOf(data);
      if (id === null) {
        this.strayErrors.set(code, (this.strayErrors.get(code) ?? 0) + 1);
        return;
      }
      this.ledger.settle(id, code === 'RATE_LIMITED' ? `${SHED_PREFIX}RATE_LIMITED` : `error: ${code}`);
    }
    const loop = this.closedLoop;
    if (!loop) return;
    // A refused message is sent again after a backoff, as a client would: resending at once makes a storm.
    if (letter === LETTER_A) this.sendFrom(index, loop.segment);
    else setTimeout(() => this.closedLoop === loop && this.sendFrom(index, loop.segment), CLOSED_LOOP_BACKOFF_MS);
  }

  async addAgents(tokens: readonly string[]): Promise<void> {
    const sockets = await inBatches(tokens, 32, (token) => openRealtime(this.url, token, () => {}, this.lost));
    this.agents.push(...sockets);
  }

  async addVisitors(tokens: readonly string[]): Promise<void> {
    const first = this.visitors.length;
    const sockets = await inBatches(
      tokens.map((token, i) => ({ token, index: first + i })),
      64,
      ({ token, index }) =>
        openRealtime(
          this.url,
          token,
          (data) => this.onVisitorFrame(index, data),
          (why) => this.lost(why),
        ),
    );
    this.visitors.push(...sockets);
  }

  /** Sends one message from visitor `index`, recorded under `segment`. */
  private sendFrom(index: number, segment: number): void {
    const socket = this.visitors[index] as WebSocket;
    const id = this.ledger.add(segment);
    if (socket.readyState !== socket.OPEN) this.ledger.settle(id, SOCKET_CLOSED);
    else socket.send(`{"type":"send","clientId":"o${id}","text":${TEXT}}`);
  }

  /**
   * Closed loop for `ms`: the first `sockets` visitors each keep one message in flight (after an
   * error, 100 ms later). Returns acknowledged messages per second.
   */
  async closed(segment: number, ms: number, sockets = this.visitors.length): Promise<number> {
    this.ledger.startSegment(segment);
    const acked = this.acked;
    const started = performance.now();
    const loop = { segment };
    this.closedLoop = loop;
    for (let i = 0; i < Math.min(sockets, this.visitors.length); i++) this.sendFrom(i, segment);
    await sleep(ms);
    this.closedLoop = null;
    const rate = ((this.acked - acked) * 1000) / (performance.now() - started);
    await this.drain(10_000);
    return rate;
  }

  /** Open loop over consecutive segments, round-robin over the visitors; then waits for the answers (at most `drainMs`). */
  async schedule(segments: readonly Segment[], drainMs: number): Promise<void> {
    const started = performance.now();
    const offsets: number[] = [];
    let offset = 0;
    for (const { segment, ms } of segments) {
      offsets.push(offset);
      this.ledger.startSegment(segment, started + offset, ms);
      offset += ms;
    }
    const sent = segments.map(() => 0);
    let cursor = 0;
    await new Promise<void>((done) => {
      const tick = () => {
        const now = performance.now();
        let finished = true;
        segments.forEach(({ segment, rate, ms }, index) => {
          const elapsed = Math.min(ms, Math.max(0, now - started - (offsets[index] as number)));
          const due = Math.floor((elapsed * rate) / 1000);
          while ((sent[index] as number) < due) {
            this.sendFrom(cursor, segment);
            cursor = cursor + 1 === this.visitors.length ? 0 : cursor + 1;
            sent[index] = (sent[index] as number) + 1;
          }
          if (elapsed < ms) finished = false;
        });
        if (finished) return done();
        setTimeout(tick, 1);
      };
      tick();
    });
    await this.drain(drainMs);
  }

  get outstanding(): number {
    return this.ledger.size - this.ledger.answered;
  }

  private async drain(ms: number): Promise<void> {
    const until = performance.now() + ms;
    while (this.outstanding > 0 && performance.now() < until) await sleep(10);
  }

  closeAll(): void {
    for (const socket of [...this.visitors, ...this.agents]) {
      socket.removeAllListeners('close');
      socket.terminate();
    }
  }
}
