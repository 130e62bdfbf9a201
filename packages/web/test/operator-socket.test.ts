import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OperatorSocket } from '../src/desk/operator-socket.js';

/** A scripted browser WebSocket: records what the desk sends; the test plays the server. */
class FakeSocket {
  static readonly OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  sent: unknown[] = [];

  constructor(readonly url: URL) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(frame: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

const ready = { type: 'ready', role: 'operator', heartbeatSeconds: 30 };

describe('OperatorSocket', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('location', { href: 'https://desk.example/desk' });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function connect() {
    const frames: string[] = [];
    const states: string[] = [];
    let catchUps = 0;
    const channel = new OperatorSocket({
      bearer: 'prl_op_x',
      onFrame: (frame) => frames.push(frame.type),
      onState: (state) => states.push(state),
      onSignedOut: () => {},
      onCatchUp: () => catchUps++,
    });
    const socket = () => FakeSocket.all.at(-1) as FakeSocket;
    return { channel, frames, states, catchUps: () => catchUps, socket };
  }

  it('asks the desk to reload after a reconnection and on resync, not after the first ready', () => {
    const { channel, frames, catchUps, socket } = connect();
    socket().open();
    expect(socket().url.href).toBe('wss://desk.example/realtime');
    expect(socket().sent).toEqual([{ type: 'auth', token: 'prl_op_x' }]);
    socket().receive(ready);
    expect(catchUps()).toBe(0);

    socket().receive({ type: 'resync' });
    expect(catchUps()).toBe(1);
    // The socket stays open and sends nothing itself: the desk reloads over GraphQL.
    expect(FakeSocket.all).toHaveLength(1);
    expect(socket().sent).toHaveLength(1);

    socket().drop();
    vi.runOnlyPendingTimers();
    expect(FakeSocket.all).toHaveLength(2);
    socket().open();
    socket().receive(ready);
    expect(catchUps()).toBe(2);
    expect(frames).toEqual(['ready', 'resync', 'ready']);
    channel.close();
  });

  it('does not take a frame that fails to parse for a resync', () => {
    const { frames, catchUps, socket } = connect();
    socket().open();
    socket().receive(ready);
    socket().receive({ type: 'Resync' });
    expect(catchUps()).toBe(0);
    expect(frames).toEqual(['ready']);
  });

  it('reconnects at once after 1012 SERVICE_RESTART (and 1001) without showing the desk offline, then catches up', () => {
    const { channel, states, catchUps, socket } = connect();
    socket().open();
    socket().receive(ready);
    for (const [code, reason] of [
      [1012, 'SERVICE_RESTART'],
      [1001, 'GOING_AWAY'],
    ] as const) {
      const before = FakeSocket.all.length;
      socket().drop(code);
      // No backoff: at most the few tens of ms of jitter.
      vi.advanceTimersByTime(50);
      expect(FakeSocket.all, reason).toHaveLength(before + 1);
      socket().open();
      expect(socket().sent).toEqual([{ type: 'auth', token: 'prl_op_x' }]);
      socket().receive(ready);
    }
    expect(catchUps()).toBe(2);
    expect(states).toEqual(['connecting', 'live', 'connecting', 'live', 'connecting', 'live']);
    channel.close();
  });

  it('still backs off after another abnormal close, and after an immediate attempt that fails', () => {
    const { channel, states, socket } = connect();
    socket().open();
    socket().receive(ready);
    socket().drop(1006);
    expect(states.at(-1)).toBe('offline');
    vi.advanceTimersByTime(700);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(600);
    expect(FakeSocket.all).toHaveLength(2);
    socket().open();
    socket().receive(ready);
    socket().drop(1012);
    vi.advanceTimersByTime(50);
    expect(FakeSocket.all).toHaveLength(3);
    // The node is gone and the load balancer had nowhere else to send it: backoff, from its first step.
    socket().drop(1006);
    expect(states.at(-1)).toBe('offline');
    vi.advanceTimersByTime(700);
    expect(FakeSocket.all).toHaveLength(3);
    vi.advanceTimersByTime(600);
    expect(FakeSocket.all).toHaveLength(4);
    channel.close();
  });
});
