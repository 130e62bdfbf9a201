import { MAX_FRAME_BYTES, type RealtimeMessage, type ServerFrame } from '@parley/protocol';
import { nextTurn } from './frames-in-flight.js';

/** Serialized frames a replay sends in one piece, on one event-loop turn; the rest goes on a later turn. */
export const REPLAY_STEP_BYTES = 256 * 1024;
/** Messages read per query at most. */
const MAX_PAGE_ROWS = 500;
/** The first query reads a step's worth of the largest frames there can be; later ones a step's worth of the largest seen. */
const FIRST_PAGE_ROWS = Math.floor(REPLAY_STEP_BYTES / MAX_FRAME_BYTES);

export interface ReplayTarget {
  /** In their wire shape, as this socket may see them (an agent's name or not). */
  messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<readonly RealtimeMessage[]>;
  sendText(text: string): void;
  /** True while the socket holds more unsent bytes than a replay may add to. */
  full(): boolean;
  /** Resolves when the socket can take more, is gone, or `signal` aborts. */
  drained(signal: AbortSignal): Promise<void>;
  /** False once the socket closed. */
  isOpen(): boolean;
}

interface Step {
  frames: { text: string; seq: number }[];
  /** The conversation has nothing after these. */
  last: boolean;
}

/**
 * Sends every message of the conversation after `afterSeq`, then `resumed`; stops without `resumed` when `signal`
 * aborts or the socket closes. It goes in steps of at most REPLAY_STEP_BYTES (and one frame), each sent in one piece
 * on an event-loop turn of its own: a long history of large messages never holds the loop for long, and a short
 * replay reaches the client whole. When the client falls behind, the rest of the step is dropped and read again once
 * the socket drained: a waiting replay holds no messages.
 */
export async function replay(target: ReplayTarget, conversationId: string, afterSeq: number, signal: AbortSignal): Promise<void> {
  const stopped = () => signal.aborted || !target.isOpen();
  const pages = new Pages(target, conversationId);
  let after = afterSeq;
  for (;;) {
    if (stopped()) return;
    const step = await pages.read(after, stopped);
    let sent = 0;
    for (const frame of step.frames) {
      if (stopped() || target.full()) break;
      target.sendText(frame.text);
      after = frame.seq;
      sent++;
    }
    if (sent < step.frames.length) await target.drained(signal);
    else if (step.last) break;
    else await nextTurn();
  }
  const resumed: ServerFrame = { type: 'resumed', conversationId, lastSeq: after };
  if (!stopped()) target.sendText(JSON.stringify(resumed));
}

/**
 * Reads a conversation's messages as serialized frames, a step at a time, in pages sized to a step by the largest
 * frame seen so far. (A history that turns from small messages to large ones may still read one large page.)
 */
class Pages {
  private rows = FIRST_PAGE_ROWS;
  private largest = 0;

  constructor(
    private readonly target: ReplayTarget,
    private readonly conversationId: string,
  ) {}

  async read(afterSeq: number, stopped: () => boolean): Promise<Step> {
    const { conversationId } = this;
    const frames: Step['frames'] = [];
    let bytes = 0;
    let after = afterSeq;
    for (;;) {
      const rows = this.rows;
      const page = await this.target.messagesAfter(conversationId, after, rows);
      for (const message of page) {
        // Rows past the step are read again with the next one.
        if (bytes >= REPLAY_STEP_BYTES) return { frames, last: false };
        const frame: ServerFrame = { type: 'message', conversationId, message };
        const text = JSON.stringify(frame);
        const size = Buffer.byteLength(text);
        frames.push({ text, seq: message.seq });
        bytes += size;
        this.largest = Math.max(this.largest, size);
        after = message.seq;
      }
      if (page.length < rows) return { frames, last: true };
      this.rows = Math.max(1, Math.min(MAX_PAGE_ROWS, Math.floor(REPLAY_STEP_BYTES / this.largest)));
      if (bytes >= REPLAY_STEP_BYTES || stopped()) return { frames, last: false };
    }
  }
}

/**
 * Which `resume` of a socket replays. Frames are handled in order, so one replay runs at a time; a newer resume of
 * the same conversation supersedes the older ones: the running replay stops (no `resumed`) and the ones still
 * waiting their turn are skipped, so only the newest is answered.
 */
export class Resumes {
  /** Resumes waiting their turn, per conversation. */
  private readonly waiting = new Map<string, number>();
  private running: { conversationId: string; stop: AbortController } | null = null;
  private stopped = false;

  /** A resume frame arrived (and will be handled in its turn). */
  arrived(conversationId: string): void {
    this.waiting.set(conversationId, (this.waiting.get(conversationId) ?? 0) + 1);
    if (this.running?.conversationId === conversationId) this.running.stop.abort();
  }

  /** A resume's turn came: false when a newer one of the same conversation is waiting behind it. */
  take(conversationId: string): boolean {
    const left = (this.waiting.get(conversationId) ?? 1) - 1;
    if (left > 0) this.waiting.set(conversationId, left);
    else this.waiting.delete(conversationId);
    return left <= 0 && !this.stopped;
  }

  /** Runs a replay, stoppable by a newer resume of its conversation or by `stop`. */
  async run(conversationId: string, replayWith: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const stop = new AbortController();
    this.running = { conversationId, stop };
    try {
      await replayWith(stop.signal);
    } finally {
      this.running = null;
    }
  }

  /** The socket closed, or is about to (a shutdown): the running replay stops, the ones waiting are skipped. */
  stop(): void {
    this.stopped = true;
    this.running?.stop.abort();
  }
}
