import type { ServerFrame } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/conversations/types.js';
import { type ReplayTarget, Resumes, replay } from '../../src/realtime/replay.js';

const message = (conversationId: string, seq: number): Message => ({
  id: `${conversationId}-${seq}`,
  conversationId,
  seq,
  author: { kind: 'agent', id: 'op' },
  clientId: null,
  text: `t${seq}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  verified: false,
  brandKeyId: null,
});

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A socket over conversations of `sizes` messages that takes `room` frames, then waits until `read()`. */
function socket(sizes: Record<string, number>, room = Number.POSITIVE_INFINITY) {
  const sent: string[] = [];
  const queries: number[] = [];
  let left = room;
  let wake: (() => void) | null = null;
  const target: ReplayTarget = {
    messagesAfter: async (conversationId, afterSeq, limit) => {
      queries.push(afterSeq);
      const last = sizes[conversationId] ?? 0;
      return Array.from({ length: Math.max(0, Math.min(limit, last - afterSeq)) }, (_, i) => message(conversationId, afterSeq + i + 1));
    },
    send: (frame: ServerFrame) => {
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
    expect(queries).toEqual([100, 600, 1100]);
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
    expect(queries).toEqual([0, 3, 7]);
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
