import { MAX_MESSAGE_TEXT_LENGTH } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationClosedError } from '../../src/conversations/conversations.js';
import type { RealtimeEvent } from '../../src/realtime/event-bus.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/stores.js';

describe.each(DIALECTS)('group commit of appends on %s', (dialect) => {
  let testApp: TestApp;
  let projectId: string;
  const events: RealtimeEvent[] = [];
  let transactions = 0;

  beforeAll(async () => {
    testApp = await openTestApp(dialect);
    projectId = (await testApp.services.projects.create('Batch')).id;
    testApp.services.bus.subscribe((event) => events.push(event));
    const { store } = testApp.services;
    const transaction = store.transaction.bind(store);
    store.transaction = (work) => {
      if (!store.inTransaction) transactions++;
      return transaction(work);
    };
  });
  afterAll(() => testApp.dispose());

  const openConversation = async () => {
    const visitor = await testApp.services.visitors.createAnonymous(projectId);
    const conversation = await testApp.services.conversations.ensureOpen(projectId, visitor.profileId);
    return { vuid: visitor.vuid, conversation };
  };
  const line = (vuid: string, clientId: string, text = `text of ${clientId}`) =>
    ({ authorKind: 'visitor', authorId: vuid, clientId, text, verified: false, brandKeyId: null, whileOpen: true }) as const;
  const messageEvents = () => events.flatMap((event) => (event.kind === 'message' ? [event.message] : []));

  it('commits the sends of one event-loop turn in one transaction, each conversation gapless in arrival order', async () => {
    const { conversations } = testApp.services;
    const [a, b] = [await openConversation(), await openConversation()];
    transactions = 0;
    events.length = 0;
    const sends = Array.from({ length: 40 }, (_, i) => {
      const { vuid, conversation } = i % 2 === 0 ? a : b;
      return conversations.append(conversation.id, line(vuid, `m${i}`));
    });
    const results = await Promise.all(sends);
    expect(transactions).toBe(1);
    expect(results.filter((result) => result.conversation.id === a.conversation.id).map((result) => result.message.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(results.map((result) => result.message.text)).toEqual(Array.from({ length: 40 }, (_, i) => `text of m${i}`));
    for (const result of results) expect(result.conversation.lastSeq).toBe(result.message.seq);
    // Published once committed, in the order sent, as stored.
    expect(messageEvents().map((message) => message.id)).toEqual(results.map((result) => result.message.id));
    expect(await conversations.messagesAfter(b.conversation.id, 0)).toEqual(
      results.filter((result) => result.conversation.id === b.conversation.id).map((result) => result.message),
    );
    expect((await conversations.get(a.conversation.id)).lastSeq).toBe(20);
  });

  it('answers each item of a batch holding a stored and a repeated client id, a closed, an unknown conversation and a too-long text, storing the good ones gapless', async () => {
    const { conversations } = testApp.services;
    const good = await openConversation();
    const closed = await openConversation();
    const stored = await conversations.append(good.conversation.id, line(good.vuid, 'stored'));
    await conversations.close(closed.conversation.id);
    events.length = 0;
    const settled = await Promise.allSettled([
      conversations.append(good.conversation.id, line(good.vuid, 'g1')),
      conversations.append(good.conversation.id, line(good.vuid, 'stored', 'a resend')),
      conversations.append(closed.conversation.id, line(closed.vuid, 'late')),
      conversations.append(good.conversation.id, line(good.vuid, 'long', 'x'.repeat(MAX_MESSAGE_TEXT_LENGTH + 1))),
      conversations.append('no-such-conversation', line(good.vuid, 'lost')),
      conversations.append(good.conversation.id, line(good.vuid, 'g2')),
      conversations.append(good.conversation.id, line(good.vuid, 'g2', 'the same send twice in one batch')),
      conversations.append(good.conversation.id, line(good.vuid, 'g3')),
    ]);
    const [g1, resend, late, long, lost, g2, g2again, g3] = settled;
    expect(g1).toMatchObject({ status: 'fulfilled', value: { duplicate: false, message: { seq: 2, text: 'text of g1' } } });
    expect(resend).toMatchObject({ status: 'fulfilled', value: { duplicate: true, message: { id: stored.message.id, seq: 1 } } });
    expect(late).toMatchObject({ status: 'rejected', reason: expect.any(ConversationClosedError) });
    expect(long).toMatchObject({ status: 'rejected', reason: { code: 'VALIDATION_FAILED' } });
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    expect(g2).toMatchObject({ status: 'fulfilled', value: { duplicate: false, message: { seq: 3, text: 'text of g2' } } });
    expect(g2again).toMatchObject({ status: 'fulfilled', value: { duplicate: true, message: { seq: 3, text: 'text of g2' } } });
    expect(g3).toMatchObject({ status: 'fulfilled', value: { duplicate: false, message: { seq: 4 } } });
    const kept = await conversations.messagesAfter(good.conversation.id, 0);
    expect(kept.map((message) => [message.seq, message.clientId])).toEqual([
      [1, 'stored'],
      [2, 'g1'],
      [3, 'g2'],
      [4, 'g3'],
    ]);
    expect(await conversations.messagesAfter(closed.conversation.id, 0)).toEqual([]);
    expect((await conversations.get(closed.conversation.id)).lastSeq).toBe(0);
    expect(new Set(messageEvents().map((message) => message.seq))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('appends a line without whileOpen to a closed conversation, and joins the caller’s transaction', async () => {
    const { conversations, store } = testApp.services;
    const { vuid, conversation } = await openConversation();
    await conversations.close(conversation.id);
    const system = { authorKind: 'system', authorId: null, clientId: null, text: 'a note', verified: false, brandKeyId: null } as const;
    await expect(conversations.append(conversation.id, system)).resolves.toMatchObject({ message: { seq: 1 } });
    await expect(
      store.transaction(async () => {
        await conversations.append(conversation.id, { ...line(vuid, 'inside'), whileOpen: false });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await conversations.messagesAfter(conversation.id, 0)).map((message) => message.seq)).toEqual([1]);
  });
});
