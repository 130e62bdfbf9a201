import type { ServerFrame } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { type RoutedSocket, SocketRegistry } from '../../src/realtime/socket-registry.js';

function fakeSocket(visitor: { sessionId: string; profileId: string } | null) {
  const seen: string[] = [];
  const socket: RoutedSocket = {
    visitor,
    sees: () => true,
    send: (frame: ServerFrame) => seen.push(frame.type),
    sendText: (text: string) => seen.push((JSON.parse(text) as ServerFrame).type),
    endSession: () => seen.push('ended'),
    resync: () => seen.push('resync'),
  };
  return { socket, seen };
}

describe('SocketRegistry resync', () => {
  it('gathers resyncs that arrive together into one per socket, and checks the sessions in one query', async () => {
    const asked: (readonly string[])[] = [];
    const registry = new SocketRegistry(
      async () => null,
      async (ids) => {
        asked.push(ids);
        return new Set(['s2']);
      },
    );
    const live = fakeSocket({ sessionId: 's1', profileId: 'p1' });
    const revoked = fakeSocket({ sessionId: 's2', profileId: 'p2' });
    const operator = fakeSocket(null);
    for (const { socket } of [live, revoked, operator]) registry.add(socket);
    // Three nodes recovering from one Redis outage each tell every node.
    await Promise.all([registry.deliver({ kind: 'resync' }), registry.deliver({ kind: 'resync' }), registry.deliver({ kind: 'resync' })]);
    expect(live.seen).toEqual(['resync']);
    expect(revoked.seen).toEqual(['ended']);
    expect(operator.seen).toEqual(['resync']);
    expect(asked).toEqual([['s1', 's2']]);
  });

  it('tells every socket to resync and closes none when the database cannot say which sessions ended', async () => {
    const registry = new SocketRegistry(
      async () => null,
      async () => {
        throw new Error('the database is unavailable');
      },
    );
    const visitor = fakeSocket({ sessionId: 's1', profileId: 'p1' });
    registry.add(visitor.socket);
    await registry.deliver({ kind: 'resync' });
    expect(visitor.seen).toEqual(['resync']);
  });
});
