import type { ServerFrame } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/conversations/types.js';
import type { Operator } from '../../src/operators/operators.js';
import type { Project } from '../../src/projects/projects.js';
import { AuthorNames } from '../../src/realtime/author-names.js';
import { type RoutedSocket, SocketRegistry } from '../../src/realtime/socket-registry.js';

const NO_NAMES = new AuthorNames({ operators: { byIds: async () => new Map() }, projects: { find: async () => null } });

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
      NO_NAMES,
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
      NO_NAMES,
    );
    const visitor = fakeSocket({ sessionId: 's1', profileId: 'p1' });
    registry.add(visitor.socket);
    await registry.deliver({ kind: 'resync' });
    expect(visitor.seen).toEqual(['resync']);
  });
});

describe('SocketRegistry message frames', () => {
  const conversation = { id: 'c1', projectId: 'p1', profileId: 'prof1' } as Conversation;
  const message: Message = {
    id: 'm1',
    conversationId: 'c1',
    seq: 1,
    author: { kind: 'agent', id: 'op1' },
    clientId: 'x',
    text: 'Hello',
    createdAt: '2026-12-06T00:00:00.000Z',
    verified: false,
    brandKeyId: null,
  };

  const deliver = async (agentNames: 'name' | 'generic') => {
    let lookups = 0;
    const names = new AuthorNames({
      operators: {
        byIds: async (ids) => {
          lookups++;
          return new Map(ids.map((id) => [id, { id, displayName: 'Ada Lovelace' } as Operator]));
        },
      },
      projects: { find: async () => ({ widget: { agentNames } }) as Project },
    });
    const registry = new SocketRegistry(
      async () => null,
      async () => new Set(),
      names,
    );
    const texts = { visitor: [] as string[], operator: [] as string[] };
    const socketOf = (visitor: RoutedSocket['visitor'], into: string[]): RoutedSocket => ({
      visitor,
      sees: () => true,
      send: () => {},
      sendText: (text) => into.push(text),
      endSession: () => {},
      resync: () => {},
    });
    registry.add(socketOf({ sessionId: 's1', profileId: 'prof1' }, texts.visitor));
    registry.add(socketOf(null, texts.operator));
    await registry.deliver({ kind: 'message', conversation, message });
    await registry.deliver({ kind: 'message', conversation, message });
    const authorOf = (text: string | undefined) => (JSON.parse(text ?? '{}') as Extract<ServerFrame, { type: 'message' }>).message.author;
    return { visitor: authorOf(texts.visitor[0]), operator: authorOf(texts.operator[0]), lookups };
  };

  it("gives operators the agent's name always, and visitors only when the project shows names", async () => {
    const named = await deliver('name');
    expect(named.visitor).toEqual({ kind: 'agent', id: 'op1', name: 'Ada Lovelace' });
    expect(named.operator).toEqual({ kind: 'agent', id: 'op1', name: 'Ada Lovelace' });
    expect(named.lookups).toBe(1); // the name is reused for the next message

    const generic = await deliver('generic');
    expect(generic.visitor).toEqual({ kind: 'agent', id: 'op1' });
    expect(generic.operator).toEqual({ kind: 'agent', id: 'op1', name: 'Ada Lovelace' });
  });
});
