import { describe, expect, it } from 'vitest';
import { type MessageEvent, RealtimeClient } from '../src/realtime.js';
import { MessageDroppedError, type RealtimeDeps } from '../src/realtime-types.js';

/** A scripted socket: records what the client sends; the test plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: Record<string, unknown>[] = [];

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006, reason = '') {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  of(type: string) {
    return this.sent.filter((frame) => frame.type === type);
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const ready = { type: 'ready', role: 'visitor', vuid: 'v1', authenticated: true, userId: 'u1', conversationId: 'c1', heartbeatSeconds: 30 };
const message = (seq: number) => ({
  type: 'message',
  conversationId: 'c1',
  message: {
    id: `m${seq}`,
    seq,
    author: { kind: 'agent', id: 'op' },
    text: `t${seq}`,
    createdAt: '2025-01-31T09:30:00.000Z',
    clientId: null,
    verified: false,
    brandKeyId: null,
  },
});

/** Timers the test fires by hand: `fire()` runs the one pending timer, as if its time had come. */
function manualTimers() {
  let pending: { callback: () => void; ms: number } | null = null;
  return {
    timers: {
      set(callback: () => void, ms: number) {
        pending = { callback, ms };
        return pending;
      },
      clear(handle: unknown) {
        if (pending === handle) pending = null;
      },
    },
    pendingMs: () => pending?.ms ?? null,
    fire() {
      const due = pending;
      pending = null;
      due?.callback();
    },
  };
}

function client(timers = manualTimers().timers, deps: Pick<Partial<RealtimeDeps>, 'token' | 'reactivate'> = {}) {
  FakeSocket.all = [];
  const delays: number[] = [];
  const messages: MessageEvent[] = [];
  const relayed: unknown[] = [];
  const realtime = new RealtimeClient({
    WebSocket: FakeSocket,
    url: 'ws://x/realtime',
    token: () => 'token',
    reactivate: async () => true,
    delay: async (attempt) => {
      delays.push(attempt);
    },
    onConversation: () => {},
    onMessage: (event) => messages.push(event),
    onTyping: (frame) => relayed.push(frame),
    onRead: (frame) => relayed.push(frame),
    timers,
    ...deps,
  });
  realtime.start();
  const socket = () => FakeSocket.all.at(-1) as FakeSocket;
  return { realtime, delays, messages, relayed, socket };
}

describe('RealtimeClient', () => {
  it('resends an unacknowledged message with the same clientId after a reconnection, in order', async () => {
    const { realtime, delays, socket } = client();
    socket().open();
    socket().receive(ready);
    const first = realtime.send('one');
    const second = realtime.send('two');
    const sent = socket().of('send');
    expect(sent.map((frame) => frame.text)).toEqual(['one', 'two']);
    expect(sent[0]?.conversationId).toBe('c1');

    socket().drop(1006);
    await tick();
    expect(delays).toEqual([1]);
    socket().open();
    expect(socket().of('auth')).toEqual([{ type: 'auth', token: 'token' }]);
    socket().receive(ready);
    expect(socket().of('send')).toEqual(sent);
    expect(socket().of('resume')).toEqual([{ type: 'resume', conversationId: 'c1', afterSeq: 0 }]);

    for (const [index, frame] of socket().of('send').entries())
      socket().receive({
        type: 'ack',
        clientId: frame.clientId,
        messageId: `m${index}`,
        conversationId: 'c1',
        seq: index + 1,
        createdAt: '2025-01-31T09:30:00.000Z',
      });
    expect((await first).seq).toBe(1);
    expect((await second).seq).toBe(2);
  });

  it('delivers messages once in seq order and resumes a gap from the last seen seq', () => {
    const { messages, socket } = client();
    socket().open();
    socket().receive(ready);
    socket().receive({ type: 'resumed', conversationId: 'c1', lastSeq: 0 });
    socket().receive(message(1));
    socket().receive(message(1));
    socket().receive(message(3));
    expect(socket().of('resume').at(-1)).toEqual({ type: 'resume', conversationId: 'c1', afterSeq: 1 });
    socket().receive(message(2));
    socket().receive(message(3));
    expect(messages.map((event) => event.message.seq)).toEqual([1, 2, 3]);
  });

  it('on resync, resumes every conversation it follows from its highest seq and delivers a replayed message once', () => {
    const { messages, socket } = client();
    socket().open();
    socket().receive(ready);
    socket().receive(message(1));
    socket().receive(message(2));
    socket().receive({ ...message(1), conversationId: 'c0' });
    socket().receive({ type: 'resumed', conversationId: 'c1', lastSeq: 2 });
    const before = socket().of('resume').length;

    socket().receive({ type: 'resync' });
    expect(socket().of('resume').slice(before)).toEqual([
      { type: 'resume', conversationId: 'c1', afterSeq: 2 },
      { type: 'resume', conversationId: 'c0', afterSeq: 1 },
    ]);
    // The replay overlaps what live delivery brought: seq 2 again, then the missed seq 3.
    socket().receive(message(2));
    socket().receive(message(3));
    socket().receive({ type: 'resumed', conversationId: 'c1', lastSeq: 3 });
    expect(messages.filter((event) => event.conversationId === 'c1').map((event) => event.message.seq)).toEqual([1, 2, 3]);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('on resync, resumes the current conversation from 0 when it has none of its messages', () => {
    const { socket } = client();
    socket().open();
    socket().receive(ready);
    const before = socket().of('resume').length;
    socket().receive({ type: 'resync' });
    expect(socket().of('resume').slice(before)).toEqual([{ type: 'resume', conversationId: 'c1', afterSeq: 0 }]);
    expect(socket().of('send')).toEqual([]);
  });

  it('reconnects with backoff after 4413 SLOW_CONSUMER and 4429 TOO_MANY_CONNECTIONS, resuming from the highest seq it has', async () => {
    const { realtime, delays, messages, socket } = client();
    socket().open();
    socket().receive(ready);
    socket().receive(message(1));
    socket().receive(message(2));
    const pending = realtime.send('kept');
    socket().drop(4413, 'SLOW_CONSUMER');
    await tick();
    socket().open();
    socket().drop(4429, 'TOO_MANY_CONNECTIONS');
    await tick();
    expect(delays).toEqual([1, 2]);
    socket().open();
    socket().receive(ready);
    expect(socket().of('resume')).toEqual([{ type: 'resume', conversationId: 'c1', afterSeq: 2 }]);
    expect(
      socket()
        .of('send')
        .map((frame) => frame.text),
    ).toEqual(['kept']);
    socket().receive(message(3));
    expect(messages.map((event) => event.message.seq)).toEqual([1, 2, 3]);
    socket().receive({
      type: 'ack',
      clientId: socket().of('send')[0]?.clientId,
      messageId: 'm4',
      conversationId: 'c1',
      seq: 4,
      createdAt: '2025-01-31T09:30:00.000Z',
    });
    expect((await pending).seq).toBe(4);
  });

  it('stops on a close that must not be retried, rejecting the queue', async () => {
    const { realtime, socket } = client();
    socket().open();
    socket().receive(ready);
    const pending = realtime.send('one');
    socket().drop(4403, 'PERMISSION_DENIED');
    await expect(pending).rejects.toThrow('the realtime channel closed');
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('pings after heartbeatSeconds of silence and reconnects when nothing answers within another heartbeat', async () => {
    const clock = manualTimers();
    const { delays, socket } = client(clock.timers);
    socket().open();
    expect(clock.pendingMs()).toBeNull();
    socket().receive(ready);
    expect(clock.pendingMs()).toBe(30_000);

    clock.fire();
    expect(socket().of('ping')).toHaveLength(1);
    // Any frame is a sign of life: the silence starts over.
    socket().receive({ type: 'pong' });
    clock.fire();
    expect(socket().of('ping')).toHaveLength(2);

    clock.fire();
    await tick();
    expect(FakeSocket.all[0]?.readyState).toBe(3);
    expect(delays).toEqual([1]);
    expect(FakeSocket.all).toHaveLength(2);
    expect(clock.pendingMs()).toBeNull();
    socket().open();
    socket().receive(ready);
    expect(clock.pendingMs()).toBe(30_000);
  });

  it('sends typing and read for the current conversation only, and hands over the ones it receives', () => {
    const { realtime, relayed, socket } = client();
    realtime.setTyping(true);
    socket().open();
    socket().receive({ ...ready, conversationId: null });
    realtime.setTyping(true);
    realtime.markRead(1);
    expect(socket().sent.map((frame) => frame.type)).toEqual(['auth']);
    realtime.send('hello').catch(() => {});
    const [send] = socket().of('send');
    socket().receive({
      type: 'ack',
      clientId: send?.clientId,
      messageId: 'm1',
      conversationId: 'c1',
      seq: 1,
      createdAt: '2025-01-31T09:30:00.000Z',
    });
    realtime.setTyping(false);
    realtime.markRead(3);
    expect(socket().of('typing')).toEqual([{ type: 'typing', conversationId: 'c1', typing: false }]);
    expect(socket().of('read')).toEqual([{ type: 'read', conversationId: 'c1', seq: 3 }]);

    const author = { kind: 'agent', id: 'op' };
    socket().receive({ type: 'typing', conversationId: 'c1', author, typing: true });
    socket().receive({ type: 'read', conversationId: 'c1', author, seq: 1 });
    expect(relayed).toEqual([
      { type: 'typing', conversationId: 'c1', author, typing: true },
      { type: 'read', conversationId: 'c1', author, seq: 1 },
    ]);
  });

  it('reconnects at once after 1012 SERVICE_RESTART: no backoff, the same token, resumed from the highest seq, the unacknowledged send resent once acked', async () => {
    const clock = manualTimers();
    const { realtime, delays, messages, socket } = client(clock.timers);
    socket().open();
    socket().receive(ready);
    socket().receive(message(1));
    const pending = realtime.send('in flight');
    const outcome = { settled: false, rejected: false };
    pending.then(
      () => {
        outcome.settled = true;
      },
      () => {
        outcome.rejected = true;
      },
    );
    const [sent] = socket().of('send');

    socket().drop(1012, 'SERVICE_RESTART');
    await tick();
    // No backoff: at most the few tens of ms of jitter, on the client's own timers.
    expect(delays).toEqual([]);
    const jitter = clock.pendingMs();
    expect(jitter).not.toBeNull();
    expect(jitter).toBeLessThanOrEqual(50);
    expect(FakeSocket.all).toHaveLength(1);
    clock.fire();
    await tick();
    expect(FakeSocket.all).toHaveLength(2);

    socket().open();
    expect(socket().of('auth')).toEqual([{ type: 'auth', token: 'token' }]);
    socket().receive(ready);
    expect(socket().of('resume')).toEqual([{ type: 'resume', conversationId: 'c1', afterSeq: 1 }]);
    expect(socket().of('send')).toEqual([sent]);
    socket().receive(message(2));
    socket().receive({
      type: 'ack',
      clientId: sent?.clientId,
      messageId: 'm3',
      conversationId: 'c1',
      seq: 3,
      createdAt: '2025-01-31T09:30:00.000Z',
    });
    expect((await pending).seq).toBe(3);
    expect(outcome).toEqual({ settled: true, rejected: false });
    expect(messages.map((event) => event.message.seq)).toEqual([1, 2]);
    expect(delays).toEqual([]);
  });

  it('treats 1001 GOING_AWAY (older servers, proxies) as 1012, and backs off when the immediate attempt fails', async () => {
    const clock = manualTimers();
    const { delays, socket } = client(clock.timers);
    socket().open();
    socket().receive(ready);
    socket().drop(1001, 'GOING_AWAY');
    await tick();
    expect(delays).toEqual([]);
    clock.fire();
    await tick();
    expect(FakeSocket.all).toHaveLength(2);
    // The node is gone and nothing answers: the usual backoff, from its first step.
    socket().drop(1006);
    await tick();
    expect(delays).toEqual([1]);
    expect(FakeSocket.all).toHaveLength(3);
    socket().drop(1006);
    await tick();
    expect(delays).toEqual([1, 2]);
  });

  it('backs off after 1006 as before, and after a fourth 1012 in a row (a server closing every socket so)', async () => {
    const clock = manualTimers();
    const { delays, socket } = client(clock.timers);
    socket().open();
    socket().receive(ready);
    socket().drop(1006);
    await tick();
    expect(delays).toEqual([1]);
    expect(clock.pendingMs()).toBeNull();
    for (let restart = 1; restart <= 3; restart++) {
      socket().open();
      socket().receive(ready);
      socket().drop(1012, 'SERVICE_RESTART');
      await tick();
      expect(clock.pendingMs(), `restart ${restart}`).not.toBeNull();
      clock.fire();
      await tick();
    }
    expect(delays).toEqual([1]);
    socket().open();
    socket().receive(ready);
    socket().drop(1012, 'SERVICE_RESTART');
    await tick();
    expect(delays).toEqual([1, 2]);
  });

  it('after its session ended, asks for a session naming the token that ended, then resends on the one stored', async () => {
    let stored = 'token-1';
    const ended: (string | undefined)[] = [];
    const { realtime, socket } = client(undefined, {
      token: () => stored,
      reactivate: async (token) => {
        ended.push(token);
        stored = 'token-from-the-other-tab';
        return true;
      },
    });
    socket().open();
    socket().receive(ready);
    const queued = realtime.send('sent while the tabs change sessions');
    socket().drop(1000, 'VISITOR_SESSION_EXPIRED');
    await tick();
    expect(ended).toEqual(['token-1']);
    socket().open();
    expect(socket().of('auth')).toEqual([{ type: 'auth', token: 'token-from-the-other-tab' }]);
    socket().receive(ready);
    const [resent] = socket().of('send');
    expect(resent?.text).toBe('sent while the tabs change sessions');
    socket().receive({
      type: 'ack',
      clientId: resent?.clientId,
      messageId: 'm1',
      conversationId: 'c1',
      seq: 1,
      createdAt: '2025-01-31T09:30:00.000Z',
    });
    expect((await queued).messageId).toBe('m1');
    realtime.stop(new MessageDroppedError('REALTIME_STOPPED', 'test over'));
  });
});

describe('the realtime client on Node’s `ws`', () => {
  it('survives a connection that fails (nothing listening): the close drives the reconnection, the process lives on', async () => {
    const { WebSocket } = await import('ws');
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const attempts: number[] = [];
    const realtime = new RealtimeClient({
      WebSocket: WebSocket as unknown as ConstructorParameters<typeof RealtimeClient>[0]['WebSocket'],
      url: `ws://127.0.0.1:${port}/realtime`,
      token: () => 'token',
      reactivate: async () => true,
      delay: async (attempt) => {
        attempts.push(attempt);
        if (attempt >= 2) realtime.stop(new MessageDroppedError('REALTIME_STOPPED', 'test over'));
      },
      onConversation: () => {},
      onMessage: () => {},
      onTyping: () => {},
      onRead: () => {},
    });
    realtime.start();
    await expect.poll(() => attempts.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
  });
});
