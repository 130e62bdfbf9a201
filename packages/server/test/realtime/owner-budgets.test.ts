import type { ServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OwnerBudgets, TYPING_BURST, TYPING_RELAY_MS } from '../../src/realtime/owner-budgets.js';
import { KeyedBuckets } from '../../src/realtime/token-bucket.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { visitorsOf } from '../helpers/visitors.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no frame has arrived for 300 ms. */
async function settled(...clients: RealtimeClient[]): Promise<void> {
  for (let count = -1; count !== clients.reduce((sum, client) => sum + client.frames.length, 0); ) {
    count = clients.reduce((sum, client) => sum + client.frames.length, 0);
    await sleep(300);
  }
}

const ofType = <T extends ServerFrame['type']>(client: RealtimeClient, type: T) =>
  client.frames.filter((frame): frame is Extract<ServerFrame, { type: T }> => frame.type === type);

describe('OwnerBudgets', () => {
  it('gives each owner ten seconds of messages at once, then its rate, and says how long to wait', () => {
    let now = 0;
    const budgets = new OwnerBudgets(2, () => now);
    for (let i = 0; i < 20; i++) expect(budgets.message('session:a')).toBe(0);
    expect(budgets.message('session:a')).toBe(500);
    expect(budgets.message('session:b')).toBe(0);
    now += 500;
    expect(budgets.message('session:a')).toBe(0);
    expect(budgets.message('session:a')).toBe(500);
  });

  it('relays typing: true once per period per conversation and author, and false only to end a true', () => {
    let now = 0;
    const budgets = new OwnerBudgets(10, () => now);
    const relay = (typing: boolean, conversation = 'c1', author = 'visitor:v1') =>
      budgets.relayTyping('session:a', conversation, author, typing);
    expect(relay(false)).toBe(false);
    expect(relay(true)).toBe(true);
    expect(relay(true)).toBe(false);
    expect(relay(true, 'c2')).toBe(true);
    expect(relay(true, 'c1', 'agent:op')).toBe(true);
    expect(relay(false)).toBe(true);
    expect(relay(false)).toBe(false);
    // Typing again right after: within the period the indicator comes back with the client's next true.
    expect(relay(true)).toBe(false);
    now += TYPING_RELAY_MS;
    expect(relay(true)).toBe(true);
    expect(relay(false)).toBe(true);
  });

  it('bounds the typing one owner has relayed across conversations', () => {
    let now = 0;
    const budgets = new OwnerBudgets(10, () => now);
    const relayed = Array.from({ length: 100 }, (_, i) => budgets.relayTyping('bearer:x', `c${i}`, 'agent:op', true)).filter(Boolean);
    expect(relayed).toHaveLength(TYPING_BURST);
    expect(budgets.relayTyping('session:other', 'c0', 'visitor:v', true)).toBe(true);
    now += 1000;
    expect(budgets.relayTyping('bearer:x', 'c200', 'agent:op', true)).toBe(true);
  });

  it('forgets buckets that are full again', () => {
    let now = 0;
    const buckets = new KeyedBuckets(10, 1, () => now);
    for (let i = 0; i < 1000; i++) buckets.take(`key-${i}`);
    expect(buckets.size).toBe(1000);
    now += 10_000;
    buckets.take('another');
    expect(buckets.size).toBe(1);
  });
});

describe('messages and typing of one session across its sockets (issue 13)', () => {
  let testApp: TestApp;
  let url: string;
  let projectId: string;
  let agentToken: string;
  const clients: RealtimeClient[] = [];
  const { anonymous } = visitorsOf(
    () => testApp,
    () => projectId,
  );
  const connect = async (token: string) => {
    const client = await connectRealtime(url, token);
    clients.push(client);
    await client.next('ready');
    return client;
  };

  beforeAll(async () => {
    // One message a second, ten at once: a session's sockets share them.
    testApp = await openTestApp('sqlite', { env: { ...ADMIN_ENV, PARLEY_WS_MESSAGES_PER_SECOND: '1' } });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    agentToken = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Budgets" }) { project { id } } }',
      {},
      agentToken,
    );
    projectId = created.projectCreate.project.id;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await testApp.dispose();
  });

  it('refuses the sends of a session past its budget on every one of its sockets, with RATE_LIMITED and when to resend', async () => {
    const { accessToken } = await anonymous();
    const sockets = [await connect(accessToken), await connect(accessToken), await connect(accessToken)];
    sockets.forEach((socket, s) => {
      for (let i = 0; i < 10; i++) socket.send({ type: 'send', clientId: `s${s}-${i}`, text: `message ${i}` });
    });
    await settled(...sockets);
    const acks = sockets.flatMap((socket) => ofType(socket, 'ack'));
    const refused = sockets.flatMap((socket) => ofType(socket, 'error'));
    // Each socket is far from its own bucket (300 frames): before the shared budget, all 30 were stored.
    expect(acks.length + refused.length).toBe(30);
    expect(acks.length).toBeGreaterThanOrEqual(10);
    expect(acks.length).toBeLessThanOrEqual(13);
    for (const error of refused) {
      expect(error).toMatchObject({ code: 'RATE_LIMITED', clientId: expect.stringMatching(/^s\d-\d$/) });
      expect(error.message).toMatch(/resend in \d+ s/);
    }
    // Another session has its own budget.
    const other = await connect((await anonymous()).accessToken);
    other.send({ type: 'send', clientId: 'other', text: 'hello' });
    expect(await other.next('ack')).toMatchObject({ clientId: 'other' });
  });

  it('coalesces the typing frames of a session across its sockets before they reach every desk', async () => {
    const desk = await connect(agentToken);
    const { accessToken } = await anonymous();
    const first = await connect(accessToken);
    first.send({ type: 'send', clientId: 'start', text: 'hi' });
    const { conversationId } = await first.next('ack');
    const sockets = [first, await connect(accessToken), await connect(accessToken)];
    for (const socket of sockets) for (let i = 0; i < 20; i++) socket.send({ type: 'typing', conversationId, typing: true });
    await settled(desk, ...sockets);
    // 60 frames, well within each socket's bucket: one relay (before, 60 reached every desk).
    expect(ofType(desk, 'typing')).toHaveLength(1);
    expect(sockets.flatMap((socket) => ofType(socket, 'error'))).toEqual([]);
    for (const socket of sockets) socket.send({ type: 'typing', conversationId, typing: false });
    await settled(desk, ...sockets);
    expect(ofType(desk, 'typing').map((frame) => frame.typing)).toEqual([true, false]);
  });
});
