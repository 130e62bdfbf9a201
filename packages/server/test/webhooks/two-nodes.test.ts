import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { openStore } from '../../src/store/open-store.js';
import { RETRY_DELAYS_MS } from '../../src/webhooks/retry-schedule.js';
import { openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const CONVERSATIONS = 20;
const MESSAGES_PER_CONVERSATION = 10;
const EVENTS = CONVERSATIONS * (1 + MESSAGES_PER_CONVERSATION); // conversation.created and its messages
const SYSTEM = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;

/**
 * Two nodes on one PostgreSQL schema, each running its dispatcher, as a scaled deployment does: every event reaches an
 * endpoint that answers 2xx exactly once, in order per conversation; one that first answers 500 gets that event again
 * after the first retry delay, with the same webhook-id, and the conversation's later events only after it.
 */
describe('webhooks from two nodes on PostgreSQL', () => {
  let testStore: TestStore;
  const nodes: { services: Services; close(): Promise<void> }[] = [];
  let healthy: WebhookReceiver;
  let flaky: WebhookReceiver;

  beforeAll(async () => {
    testStore = await openTestStore('postgres');
    healthy = await startWebhookReceiver();
    flaky = await startWebhookReceiver();
    const seen = new Set<string>();
    // Fails each conversation.created once: the conversation's messages wait for its retry (order per conversation).
    flaky.answer = (delivery) => {
      const id = delivery.headers['webhook-id'] ?? '';
      if (delivery.event.type !== 'conversation.created' || seen.has(id)) return 200;
      seen.add(id);
      return 500;
    };
    const config = loadConfig({
      PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1',
      PARLEY_SECRET: 'two nodes share this secret',
      PARLEY_PUBLIC_URL: 'https://parley.test',
    });
    for (let i = 0; i < 2; i++) {
      const store =
        i === 0
          ? testStore.store
          : await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), schema: testStore.schema as string });
      const services = await createServices({ config, store, passwordCost: 2 ** 10 });
      nodes.push({
        services,
        async close() {
          await services.close();
          if (i > 0) await store.close();
        },
      });
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await testStore.dispose();
    await healthy.close();
    await flaky.close();
  });

  it('delivers every event exactly once to a 2xx endpoint, in order per conversation, and retries one that answers 500', {
    timeout: 60_000,
  }, async () => {
    const [a, b] = nodes.map((node) => node.services) as [Services, Services];
    const project = await a.projects.create('Two nodes');
    for (const receiver of [healthy, flaky])
      await a.webhooks.endpoints.create({
        projectId: project.id,
        url: receiver.url,
        eventTypes: ['conversation.created', 'message.created'],
      });
    for (const node of [a, b]) node.webhooks.dispatcher.start();

    // Events written on both nodes, interleaved, while both dispatchers claim.
    await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, index) => {
        const node = index % 2 === 0 ? a : b;
        const profile = await node.visitors.createAnonymous(project.id);
        const conversation = await node.conversations.ensureOpen(project.id, profile.profileId);
        for (let message = 1; message <= MESSAGES_PER_CONVERSATION; message++) {
          const writer = message % 2 === 0 ? a : b;
          await writer.conversations.append(conversation.id, { ...SYSTEM, text: `message ${message}` });
        }
      }),
    );

    await healthy.waitFor(EVENTS, 20_000);
    await flaky.waitFor(EVENTS + CONVERSATIONS, 20_000 + RETRY_DELAYS_MS[0] * 1.1);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // anything sent twice would have arrived by now
    const ids = healthy.received.map((delivery) => delivery.headers['webhook-id']);
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids).size).toBe(EVENTS);

    // Per conversation: created first, then the messages in sequence order.
    const byConversation = new Map<string, number[]>();
    for (const { event } of healthy.received) {
      const conversationId = event.data.conversationId as string;
      const seq = event.type === 'conversation.created' ? 0 : (event.data.message as { seq: number }).seq;
      byConversation.set(conversationId, [...(byConversation.get(conversationId) ?? []), seq]);
    }
    expect(byConversation.size).toBe(CONVERSATIONS);
    for (const seqs of byConversation.values())
      expect(seqs).toEqual(Array.from({ length: 1 + MESSAGES_PER_CONVERSATION }, (_, seq) => seq));

    // The flaky endpoint: each conversation.created twice (500, then 2xx, the same webhook-id and body), every other
    // event once, and none of a conversation's messages before its conversation.created was answered 2xx.
    const flakyIds = flaky.received.map((delivery) => delivery.headers['webhook-id']);
    expect(flakyIds).toHaveLength(EVENTS + CONVERSATIONS);
    expect(new Set(flakyIds)).toEqual(new Set(ids));
    const answered = new Set<string>();
    for (const delivery of flaky.received) {
      const conversationId = delivery.event.data.conversationId as string;
      if (delivery.event.type === 'message.created') expect(answered.has(conversationId)).toBe(true);
      else if (flaky.received.filter((other) => other.headers['webhook-id'] === delivery.headers['webhook-id']).indexOf(delivery) === 1)
        answered.add(conversationId);
    }
    const rows = await a.store.db.selectFrom('webhook_deliveries').select(['status', 'attempts']).execute();
    expect(rows).toHaveLength(2 * EVENTS);
    expect(rows.filter((row) => row.status !== 'delivered')).toEqual([]);
    expect(rows.map((row) => Number(row.attempts)).filter((attempts) => attempts === 2)).toHaveLength(CONVERSATIONS);
  });
});
