import { randomUUID } from 'node:crypto';
import { MAX_MESSAGE_TEXT_LENGTH } from '@parley/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationClosedError } from '../../src/conversations/conversations.js';
import type { RealtimeEvent } from '../../src/realtime/event-bus.js';
import { type TestApp, type TestAppOptions, testAppOn } from '../helpers/app.js';
import { DIALECTS, openTestStore, TEST_DATABASE_URL } from '../helpers/stores.js';

/** A server on `dialect` for the describe block that calls it, counting its top-level transactions and keeping its events. */
function batchFixture(dialect: (typeof DIALECTS)[number], options: TestAppOptions = {}) {
  const fixture = {
    app: null as unknown as TestApp,
    projectId: '',
    schema: null as string | null,
    transactions: 0,
    /** Statements run outside any transaction (autocommit). */
    autocommits: 0,
    events: [] as RealtimeEvent[],
  };
  beforeAll(async () => {
    const testStore = await openTestStore(dialect);
    fixture.schema = testStore.schema;
    fixture.app = await testAppOn(testStore.store, options, () => testStore.dispose());
    fixture.projectId = (await fixture.app.services.projects.create('Batch')).id;
    fixture.app.services.bus.subscribe((event) => fixture.events.push(event));
    const { store } = fixture.app.services;
    const transaction = store.transaction.bind(store);
    store.transaction = (work) => {
      if (!store.inTransaction) fixture.transactions++;
      return transaction(work);
    };
    const { db } = store;
    const executeQuery = db.executeQuery.bind(db);
    db.executeQuery = ((query) => {
      if (!store.inTransaction) fixture.autocommits++;
      return executeQuery(query);
    }) as typeof db.executeQuery;
  });
  afterAll(() => fixture.app.dispose());
  const openConversation = async () => {
    const { visitors, conversations } = fixture.app.services;
    const visitor = await visitors.createAnonymous(fixture.projectId);
    return { vuid: visitor.vuid, conversation: await conversations.ensureOpen(fixture.projectId, visitor.profileId) };
  };
  return { fixture, openConversation };
}

const line = (vuid: string, clientId: string, text = `text of ${clientId}`) =>
  ({ authorKind: 'visitor', authorId: vuid, clientId, text, verified: false, brandKeyId: null, whileOpen: true }) as const;

describe.each(DIALECTS)('group commit of appends on %s', (dialect) => {
  const { fixture, openConversation } = batchFixture(dialect);
  let testApp: TestApp;
  beforeAll(() => {
    testApp = fixture.app;
  });
  const { events } = fixture;
  const messageEvents = () => events.flatMap((event) => (event.kind === 'message' ? [event.message] : []));
  const batchCounters = async () => {
    const text = await testApp.services.metrics.exposition();
    const sample = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
    return { batches: sample('parley_message_batch_size_count'), messages: sample('parley_message_batch_size_sum') };
  };

  /** How a batch that needs neither the one-message path nor webhook events is committed. */
  const oneBatch = dialect === 'sqlite' ? { transactions: 1, autocommits: 0 } : { transactions: 0, autocommits: 1 };

  it('commits the sends of one event-loop turn in one transaction (one statement on PostgreSQL), each conversation gapless in arrival order', async () => {
    const { conversations } = testApp.services;
    const [a, b] = [await openConversation(), await openConversation()];
    const batchesBefore = await batchCounters();
    Object.assign(fixture, { transactions: 0, autocommits: 0 });
    events.length = 0;
    const sends = Array.from({ length: 40 }, (_, i) => {
      const { vuid, conversation } = i % 2 === 0 ? a : b;
      return conversations.append(conversation.id, line(vuid, `m${i}`));
    });
    const results = await Promise.all(sends);
    expect({ transactions: fixture.transactions, autocommits: fixture.autocommits }).toEqual(oneBatch);
    // Operators see it in /metrics: one more batch, forty more messages.
    expect(await batchCounters()).toEqual({ batches: batchesBefore.batches + 1, messages: batchesBefore.messages + 40 });
    expect(results.filter((result) => result.conversation.id === a.conversation.id).map((result) => result.message.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(results.map((result) => result.message.text)).toEqual(Array.from({ length: 40 }, (_, i) => `text of m${i}`));
    for (const result of results) expect(result.conversation.lastSeq).toBe(result.message.seq);
    // Time-ordered ids (UUID v7): a batch's rows go to the end of the messages' primary-key index.
    for (const result of results) expect(result.message.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
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

  it('commits the good sends of a batch together and sends those to a closed or unknown conversation the one-message path', async () => {
    const { conversations } = testApp.services;
    const good = await openConversation();
    const closed = await openConversation();
    await conversations.close(closed.conversation.id);
    Object.assign(fixture, { transactions: 0, autocommits: 0 });
    const [c1, late, lost, c2] = await Promise.allSettled([
      conversations.append(good.conversation.id, line(good.vuid, 'c1')),
      conversations.append(closed.conversation.id, line(closed.vuid, 'late')),
      conversations.append('no-such-conversation', line(good.vuid, 'lost')),
      conversations.append(good.conversation.id, line(good.vuid, 'c2')),
    ]);
    expect([c1, c2]).toMatchObject([
      { status: 'fulfilled', value: { message: { seq: 1 } } },
      { status: 'fulfilled', value: { message: { seq: 2 } } },
    ]);
    expect(late).toMatchObject({ status: 'rejected', reason: expect.any(ConversationClosedError) });
    expect(lost).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    // SQLite: the batch, again without the two; PostgreSQL: one statement that leaves the two alone. Then each of them alone.
    expect(fixture.transactions).toBe(dialect === 'sqlite' ? 4 : 2);
    expect((await conversations.get(closed.conversation.id)).lastSeq).toBe(0);
  });

  it('writes a batch’s message.created events with it, for a project with an endpoint subscribed to them', async () => {
    const { conversations, webhooks, projects, visitors } = testApp.services;
    const hooked = await projects.create('Hooked');
    const other = await projects.create('Hooked on conversations only');
    await webhooks.endpoints.create({ projectId: hooked.id, url: 'https://93.184.215.14/', eventTypes: ['message.created'] });
    await webhooks.endpoints.create({ projectId: other.id, url: 'https://93.184.215.14/', eventTypes: ['conversation.closed'] });
    const open = async (projectId: string) => {
      const visitor = await visitors.createAnonymous(projectId);
      return { vuid: visitor.vuid, conversation: await conversations.ensureOpen(projectId, visitor.profileId) };
    };
    const [withHook, withoutHook] = [await open(hooked.id), await open(other.id)];
    const deliveries = async () =>
      (
        await testApp.services.store.db
          .selectFrom('webhook_deliveries')
          .select('payload')
          .where('event_type', '=', 'message.created')
          .execute()
      )
        .map((row) => JSON.parse(row.payload).data.message.text)
        .sort();

    Object.assign(fixture, { transactions: 0, autocommits: 0 });
    await Promise.all([1, 2].map((n) => conversations.append(withoutHook.conversation.id, line(withoutHook.vuid, `quiet ${n}`))));
    expect({ transactions: fixture.transactions, autocommits: fixture.autocommits }).toEqual(oneBatch);

    Object.assign(fixture, { transactions: 0 });
    await Promise.all([
      conversations.append(withHook.conversation.id, line(withHook.vuid, 'heard 1')),
      conversations.append(withoutHook.conversation.id, line(withoutHook.vuid, 'quiet 3')),
      conversations.append(withHook.conversation.id, line(withHook.vuid, 'heard 2')),
    ]);
    // The events commit with their messages: the whole batch in one transaction, on both dialects.
    expect(fixture.transactions).toBe(1);
    expect(await deliveries()).toEqual(['text of heard 1', 'text of heard 2']);
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

  it('commits the good items of a batch together when one of them is a resend, which answers the stored message', async () => {
    const { conversations } = testApp.services;
    const { vuid, conversation } = await openConversation();
    const stored = await conversations.append(conversation.id, line(vuid, 'early'));
    fixture.transactions = 0;
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => conversations.append(conversation.id, line(vuid, i === 20 ? 'early' : `n${i}`))),
    );
    // The batch, once more without the resend, and the resend alone: not one transaction per item.
    expect(fixture.transactions).toBe(3);
    expect(results[20]).toMatchObject({ duplicate: true, message: { id: stored.message.id, seq: 1 } });
    const fresh = results.filter((result) => !result.duplicate);
    expect(fresh.map((result) => result.message.seq)).toEqual(Array.from({ length: 39 }, (_, i) => i + 2));
  });

  it('measures a text in code points, as the protocol does, and stores every system line', async () => {
    const { conversations } = testApp.services;
    const { vuid, conversation } = await openConversation();
    const emoji = '😀'.repeat(MAX_MESSAGE_TEXT_LENGTH); // 10,000 UTF-16 units
    await expect(conversations.append(conversation.id, line(vuid, 'emoji', emoji))).resolves.toMatchObject({ message: { text: emoji } });
    await expect(conversations.append(conversation.id, line(vuid, 'more', `${emoji}!`))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const system = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;
    const lines = await Promise.all([
      conversations.append(conversation.id, { ...system, text: 'Visitor signed in as dana 🔒' }),
      conversations.append(conversation.id, { ...system, text: 'Visitor signed out' }),
    ]);
    await conversations.append(conversation.id, { ...system, text: 'Visitor signed in again' });
    expect(lines.map((appended) => appended.duplicate)).toEqual([false, false]);
    const stored = await conversations.messagesAfter(conversation.id, 1);
    expect(stored.map((message) => [message.text, message.clientId])).toEqual([
      ['Visitor signed in as dana 🔒', null],
      ['Visitor signed out', null],
      ['Visitor signed in again', null],
    ]);
  });
});

describe('group commit of appends on postgres, across nodes', () => {
  // Random ids: conversations made later may sort first, as across nodes whose clocks differ (ids are time-ordered otherwise).
  const { fixture, openConversation } = batchFixture('postgres', { newId: randomUUID });

  it('locks the conversations of a batch in id order, whatever order the sends came in', async () => {
    const { conversations } = fixture.app.services;
    // Stored in the table in the opposite of id order, so neither arrival order nor table order is the id order.
    let [second, first] = [await openConversation(), await openConversation()];
    while (second.conversation.id < first.conversation.id) [second, first] = [first, await openConversation()];
    const client = () => new pg.Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${fixture.schema}` });
    const [holder, prober] = [client(), client()];
    await Promise.all([holder.connect(), prober.connect()]);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [second.conversation.id]);
      // The later id is sent first: a batch locking in arrival order would wait on it before touching the earlier one.
      const batch = Promise.all([
        conversations.append(second.conversation.id, line(second.vuid, 'b')),
        conversations.append(first.conversation.id, line(first.vuid, 'a')),
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(prober.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE NOWAIT', [first.conversation.id])).rejects.toThrow(
        /could not obtain lock/,
      );
      await holder.query('COMMIT');
      expect((await batch).map((appended) => appended.message.seq)).toEqual([1, 1]);
    } finally {
      await Promise.all([holder.end(), prober.end()]);
    }
  });
});
