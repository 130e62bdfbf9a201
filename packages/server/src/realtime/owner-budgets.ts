import { TYPING_EXPIRY_SECONDS } from '@parley/protocol';
import { KeyedBuckets } from './token-bucket.js';

/** A burst of messages is this many seconds' worth of the rate. */
export const MESSAGE_BURST_SECONDS = 10;
/** `typing` frames one session or bearer may have relayed at once, and how many come back per second. */
export const TYPING_BURST = 20;
export const TYPING_PER_SECOND = 2;
/** `typing: true` is relayed at most once per this, per conversation and author; clients repeat it every 3 s. */
export const TYPING_RELAY_MS = 2000;
const TYPING_EXPIRY_MS = TYPING_EXPIRY_SECONDS * 1000;

/**
 * What one visitor session or operator bearer (its "owner") may have this node do, shared by all its sockets here:
 * each socket has its own frame bucket, but a session may hold many sockets. Messages past the budget are refused
 * (RATE_LIMITED, resent by the client); typing is coalesced and dropped silently, being only a hint.
 */
export class OwnerBudgets {
  private readonly messages: KeyedBuckets;
  private readonly typing: KeyedBuckets;
  /** Per conversation and author: when its last `typing: true` was relayed, and whether a `false` followed. */
  private readonly indicators = new Map<string, { trueAt: number; showing: boolean }>();
  private sweptAt: number;

  constructor(
    messagesPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.messages = new KeyedBuckets(messagesPerSecond * MESSAGE_BURST_SECONDS, messagesPerSecond, now);
    this.typing = new KeyedBuckets(TYPING_BURST, TYPING_PER_SECOND, now);
    this.sweptAt = now();
  }

  /** Takes one message of `owner`'s budget: 0, or the milliseconds until it may send again. */
  message(owner: string): number {
    return this.messages.take(owner);
  }

  /**
   * Whether to relay a `typing` frame. A `true` goes out if none of that author in that conversation did within
   * TYPING_RELAY_MS; a `false` only to end a `true` receivers may still show. At most two a period, whatever the
   * client sends, and every relay is counted against the owner's typing budget (an operator sees many conversations).
   */
  relayTyping(owner: string, conversationId: string, author: string, typing: boolean): boolean {
    const now = this.now();
    this.sweep(now);
    const key = `${conversationId}\n${author}`;
    const last = this.indicators.get(key);
    const current = last && now - last.trueAt < TYPING_EXPIRY_MS ? last : null;
    if (typing) {
      if (current && now - current.trueAt < TYPING_RELAY_MS) return false;
    } else if (!current?.showing) return false;
    if (this.typing.take(owner) > 0) return false;
    this.indicators.set(key, { trueAt: typing ? now : (current?.trueAt ?? now), showing: typing });
    return true;
  }

  /** Indicators receivers no longer show are forgotten. */
  private sweep(now: number): void {
    if (now - this.sweptAt < TYPING_EXPIRY_MS) return;
    this.sweptAt = now;
    for (const [key, indicator] of this.indicators) if (now - indicator.trueAt >= TYPING_EXPIRY_MS) this.indicators.delete(key);
  }
}
