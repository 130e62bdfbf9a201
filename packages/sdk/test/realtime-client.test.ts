import { describe, expect, it } from 'vitest';
import { type MessageEvent, RealtimeClient } from '../src/realtime.js';

/** A scripted socket: records what the client sends; the test plays the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
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

function client() {
  FakeSocket.all = [];
  const delays: number[] = [];
  const messages: MessageEvent[] = [];
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
  });
  realtime.start();
  const socket = () => FakeSocket.all.at(-1) as FakeSocket;
  return { realtime, delays, messages, socket };
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

  it('stops on a close that must not be retried, rejecting the queue', async () => {
    const { realtime, socket } = client();
    socket().open();
    socket().receive(ready);
    const pending = realtime.send('one');
    socket().drop(4403, 'PERMISSION_DENIED');
    await expect(pending).rejects.toThrow('the realtime channel closed');
    expect(FakeSocket.all).toHaveLength(1);
  });
});
