import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/realtime/event-bus.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/stores.js';

describe.each(DIALECTS)('conversations on %s', (dialect) => {
  let testApp: TestApp;
  let projectId: string;
  const events: RealtimeEvent[] = [];

  beforeAll(async () => {
    testApp = await openTestApp(dialect);
    projectId = (await testApp.services.projects.create('Talk')).id;
    testApp.services.bus.subscribe((event) => events.push(event));
  });
  afterAll(() => testApp.dispose());

  const newVisitor = () => testApp.services.visitors.createAnonymous(projectId);
  const visitorLine = (vuid: string, clientId: string, text = 'hello') =>
    ({ authorKind: 'visitor', authorId: vuid, clientId, text, verified: false, brandKeyId: null }) as const;

  it('gives gapless sequence numbers and stores a retried client id once, even when sent concurrently', async () => {
    const { conversations } = testApp.services;
    const visitor = await newVisitor();
    const conversation = await conversations.ensureOpen(projectId, visitor.profileId);
    const sends = Array.from({ length: 20 }, (_, i) =>
      conversations.append(conversation.id, visitorLine(visitor.vuid, `c${i % 10}`, `m${i % 10}`)),
    );
    const results = await Promise.all(sends);
    expect(results.filter((result) => !result.duplicate)).toHaveLength(10);
    for (let i = 0; i < 10; i++) expect(results[i]?.message.id).toBe(results[i + 10]?.message.id);
    const stored = await conversations.messagesAfter(conversation.id, 0);
    expect(stored.map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(new Set(stored.map((message) => message.clientId)).size).toBe(10);
    // Another author may use the same client id.
    const agent = await conversations.append(conversation.id, { ...visitorLine('operator-1', 'c0'), authorKind: 'agent' });
    expect(agent).toMatchObject({ duplicate: false, message: { seq: 11, author: { kind: 'agent', id: 'operator-1' } } });
  });

  it('keeps one open conversation per profile, whoever asks first', async () => {
    const visitor = await newVisitor();
    const opened = await Promise.all(
      Array.from({ length: 5 }, () => testApp.services.conversations.ensureOpen(projectId, visitor.profileId)),
    );
    expect(new Set(opened.map((conversation) => conversation.id)).size).toBe(1);
  });

  it('pages messages by sequence, latest page with last', async () => {
    const { conversations } = testApp.services;
    const visitor = await newVisitor();
    const conversation = await conversations.ensureOpen(projectId, visitor.profileId);
    for (let i = 1; i <= 25; i++) await conversations.append(conversation.id, visitorLine(visitor.vuid, `p${i}`, `text ${i}`));
    const latest = await conversations.messages(conversation.id, { last: 10 });
    expect(latest.edges.map((edge) => edge.node.seq)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(latest.pageInfo.hasPreviousPage).toBe(true);
    const earlier = await conversations.messages(conversation.id, { last: 10, before: latest.pageInfo.startCursor });
    expect(earlier.edges.map((edge) => edge.node.seq)).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const first = await conversations.messages(conversation.id, { first: 5 });
    expect(first.edges.map((edge) => edge.node.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(first.pageInfo.hasNextPage).toBe(true);
  });

  it('publishes events only once the transaction commits, never for a rolled-back one', async () => {
    const { conversations } = testApp.services;
    const { store } = testApp.services;
    const visitor = await newVisitor();
    const conversation = await conversations.ensureOpen(projectId, visitor.profileId);
    events.length = 0;
    await expect(
      store.transaction(async () => {
        await conversations.append(conversation.id, visitorLine(visitor.vuid, 'rolled-back'));
        expect(events).toHaveLength(0);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(events).toHaveLength(0);
    expect(await conversations.messagesAfter(conversation.id, 0)).toEqual([]);
    await conversations.append(conversation.id, visitorLine(visitor.vuid, 'kept'));
    expect(events.map((event) => event.kind)).toEqual(['message']);
  });
});
