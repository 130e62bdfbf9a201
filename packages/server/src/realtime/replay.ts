import type { ServerFrame } from '@parley/protocol';
import { type Message, messageView } from '../conversations/types.js';

/** Messages read per query; a replay that fits in one page goes out in one piece while the client keeps up. */
const PAGE_SIZE = 500;

export interface ReplayTarget {
  messagesAfter(conversationId: string, afterSeq: number, limit: number): Promise<readonly Message[]>;
  send(frame: ServerFrame): void;
  /** True while the socket holds more unsent bytes than a replay may add to. */
  full(): boolean;
  /** Resolves when the socket can take more, is gone, or `signal` aborts. */
  drained(signal: AbortSignal): Promise<void>;
  /** False once the socket closed. */
  isOpen(): boolean;
}

/**
 * Sends every message of the conversation after `afterSeq`, then `resumed`; stops without `resumed` when `signal`
 * aborts or the socket closes. When the client falls behind, the rest of the page is dropped and read again once
 * the socket drained: a waiting replay holds no messages.
 */
export async function replay(target: ReplayTarget, conversationId: string, afterSeq: number, signal: AbortSignal): Promise<void> {
  let after = afterSeq;
  for (;;) {
    if (signal.aborted || !target.isOpen()) return;
    const page = await target.messagesAfter(conversationId, after, PAGE_SIZE);
    let sent = 0;
    for (const message of page) {
      if (signal.aborted || !target.isOpen() || target.full()) break;
      target.send({ type: 'message', conversationId, message: messageView(message) });
      after = message.seq;
      sent++;
    }
    if (sent < page.length) await target.drained(signal);
    else if (page.length < PAGE_SIZE) break;
  }
  if (!signal.aborted && target.isOpen()) target.send({ type: 'resumed', conversationId, lastSeq: after });
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
    return left <= 0;
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

  /** The socket closed. */
  stop(): void {
    this.running?.stop.abort();
  }
}
