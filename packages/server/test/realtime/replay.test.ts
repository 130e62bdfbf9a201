import { MAX_FRAME_BYTES, type ServerFrame } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/conversations/types.js';
import { REPLAY_STEP_BYTES, type ReplayTarget, Resumes, replay } from '../../src/realtime/replay.js';

const message = (conversationId: string, seq: number, text = `t${seq}`): Message => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  author: { kind: 'agent', id: 'op' },
  clientId: null,
  text,
  createdAt: '2026-01-01T00:00:00.000Z',
  verified: false,
  brandKeyId: null,
});

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A socket over conversations of `sizes` messages (of `text`) that takes `room` frames, then waits until `read()`. */
function socket(sizes: Record<string, number>, room = Number.POSITIVE_INFINITY, text?: string) {
  const sent: string[] = [];
  const queries: number[] = [];
  let left = room;
  let wake: (() => void) | null = null;
  const target: ReplayTarget = {
    messagesAfter: async (conversationId, afterSeq, limit) => {
      queries.push(afterSeq);
      const last = sizes[conversationId] ?? 0;
      return Array.from({ length: Math.max(0, Math.min(limit, last - afterSeq)) }, (_, i) =>
        message(conversationId, afterSeq + i + 1, text),
      );
    },
    sendText: (json: string) => {
      const frame = JSON.parse(json) as ServerFrame;
      left--;
      if (frame.type === 'message') sent.push(`${frame.conversationId}:${frame.message.seq}`);
      if (frame.type === 'resumed') sent.push(`${frame.conversationId} resumed ${frame.lastSeq}`);
    },
    full: () => left <= 0,
    drained: (signal) =>
      left > 0 || signal.aborted
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            wake = resolve;
            signal.addEventListener('abort', () => resolve());
          }),
    isOpen: () => true,
  };
  return {
    target,
    sent,
    queries,
    read(room = Number.POSITIVE_INFINITY) {
      left = room;
      wake?.();
    },
  };
}

describe('replay', () => {
  it('sends every message after afterSeq in seq order, page after page, then resumed with the last seq', async () => {
    const { target, sent, queries } = socket({ c: 1200 });
    await replay(target, 'c', 100, new AbortController().signal);
    expect(sent).toHaveLength(1101);
    expect(sent.slice(0, 2)).toEqual(['c:101', 'c:102']);
    expect(sent.at(-1)).toBe('c resumed 1200');
    // The first page is a step's worth of the largest frames there can be (8), the next ones 500 short messages.
    expect(queries).toEqual([100, 108, 608, 1108]);
  });

  /** Replays `count` messages of `text`: the bytes sent on each event-loop turn, and the bytes of frames of each page read. */
  async function stepsOf(count: number, text: string) {
    const frames: { turn: number; bytes: number }[] = [];
    const pages: number[] = [];
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const { target } = socket({ c: count }, Number.POSITIVE_INFINITY, text);
    const replayed: ReplayTarget = {
      ...target,
      messagesAfter: async (conversationId, afterSeq, limit) => {
        const page = await target.messagesAfter(conversationId, afterSeq, limit);
        const sizes = page.map((row) => Buffer.byteLength(JSON.stringify({ type: 'message', conversationId, message: row })));
        pages.push(sizes.reduce((sum, size) => sum + size, 0));
        return page;
      },
      sendText: (json) => {
        frames.push({ turn, bytes: Buffer.byteLength(json) });
        target.sendText(json);
      },
    };
    await replay(replayed, 'c', 0, new AbortController().signal);
    ticking = false;
    const perTurn = new Map<number, number>();
    for (const frame of frames) perTurn.set(frame.turn, (perTurn.get(frame.turn) ?? 0) + frame.bytes);
    return { frames: frames.length, perTurn: [...perTurn.values()], pages };
  }

  it('goes in steps of at most 256 KiB (and one frame), each on an event-loop turn of its own, reading pages of about a step', async () => {
    // Issue 13: pages of 500 messages of 4,900 characters held the event loop 240-290 ms each while they were sent.
    const { frames, perTurn, pages } = await stepsOf(1200, 'x'.repeat(4900));
    expect(frames).toBe(1201);
    expect(Math.max(...perTurn)).toBeLessThanOrEqual(REPLAY_STEP_BYTES + MAX_FRAME_BYTES);
    expect(perTurn.length).toBeGreaterThanOrEqual(Math.ceil((1200 * 4900) / (REPLAY_STEP_BYTES + MAX_FRAME_BYTES)));
    expect(Math.max(...pages)).toBeLessThanOrEqual(REPLAY_STEP_BYTES + MAX_FRAME_BYTES);
  });

  it('sends a replay that fits in a step in one piece', async () => {
    const { frames, perTurn } = await stepsOf(500, 'a short message');
    expect(frames).toBe(501);
    expect(perTurn).toHaveLength(1);
  });

  it('waits while the socket is full, holding no page, and goes on from the last message sent', async () => {
    const { target, sent, queries, read } = socket({ c: 10 }, 3);
    const done = replay(target, 'c', 0, new AbortController().signal);
    await settle();
    expect(sent).toEqual(['c:1', 'c:2', 'c:3']);
    read(4);
    await settle();
    read();
    await done;
    expect(sent).toEqual([...Array.from({ length: 10 }, (_, i) => `c:${i + 1}`), 'c resumed 10']);
    expect(queries).toEqual([0, 8, 3, 7]);
  });

  it('stops without resumed when aborted', async () => {
    const { target, sent } = socket({ c: 10 }, 2);
    const stop = new AbortController();
    const done = replay(target, 'c', 0, stop.signal);
    await settle();
    stop.abort();
    await done;
    expect(sent).toEqual(['c:1', 'c:2']);
  });
});

describe('Resumes', () => {
  it('stops the running replay of a conversation when a newer resume of it arrives, and skips the ones waiting behind', async () => {
    const resumes = new Resumes();
    const { target, sent, read } = socket({ c: 10, d: 1 }, 2);
    resumes.arrived('c');
    expect(resumes.take('c')).toBe(true);
    const first = resumes.run('c', (signal) => replay(target, 'c', 0, signal));
    await settle();
    resumes.arrived('d');
    await settle();
    expect(sent).toEqual(['c:1', 'c:2']);
    resumes.arrived('c');
    resumes.arrived('c');
    await first;
    expect(sent).toEqual(['c:1', 'c:2']);
    read();
    expect(resumes.take('d')).toBe(true);
    await resumes.run('d', (signal) => replay(target, 'd', 0, signal));
    expect(resumes.take('c')).toBe(false);
    expect(resumes.take('c')).toBe(true);
    await resumes.run('c', (signal) => replay(target, 'c', 8, signal));
    expect(sent).toEqual(['c:1', 'c:2', 'd:1', 'd resumed 1', 'c:9', 'c:10', 'c resumed 10']);
  });

  it('stops the running replay when the socket closes', async () => {
    const resumes = new Resumes();
    const { target, sent } = socket({ c: 10 }, 1);
    resumes.arrived('c');
    resumes.take('c');
    const running = resumes.run('c', (signal) => replay(target, 'c', 0, signal));
    await settle();
    resumes.stop();
    await running;
    expect(sent).toEqual(['c:1']);
  });
});
