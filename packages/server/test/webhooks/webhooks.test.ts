import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS } from '../../src/webhooks/retry-schedule.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, memberAgentBearer, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const CREATE = `mutation($p: ID!, $url: String!, $types: [String!]!) {
  webhookEndpointCreate(input: { projectId: $p, url: $url, eventTypes: $types }) { endpoint { id url eventTypes enabled } secret }
}`;
const DELIVERIES = `query($id: ID!) { webhookEndpoint(id: $id) { enabled disabledReason failingSince
  deliveries(first: 50) { totalCount edges { node { id eventId eventType status attempts lastStatusCode lastError nextAttemptAt attemptLog { statusCode error } } } } } }`;
const SIGN_IN = `mutation($p: ID!, $c: String!) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) {
  vuid visitorSessionToken { accessToken } } }`;

interface DeliveryNode {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  attemptLog: { statusCode: number | null; error: string | null }[];
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  let receiver: WebhookReceiver;
  /** Added to the real time: Standard Webhooks libraries check the timestamp against their own clock (5 minutes). */
  let offsetMs = 0;
  const endpointsMade: string[] = [];

  let adminId: string;
  /** Moves the clock; bearers expire with it, so the admin gets a new one. */
  const advance = async (ms: number) => {
    offsetMs += ms;
    admin = (await testApp.services.accessTokens.issueForOperator(adminId)).accessToken;
  };
  const dispatcher = () => testApp.services.webhooks.dispatcher;
  /** Sends everything due now, until nothing is. */
  const deliverDue = async () => {
    while ((await dispatcher().runOnce()) > 0) await dispatcher().idle();
    await dispatcher().idle();
  };
  const endpoint = async (types: string[], target = receiver.url) => {
    const made = await gqlOk<{ webhookEndpointCreate: { endpoint: { id: string }; secret: string } }>(
      testApp.app,
      CREATE,
      { p: projectId, url: target, types },
      admin,
    );
    endpointsMade.push(made.webhookEndpointCreate.endpoint.id);
    return { id: made.webhookEndpointCreate.endpoint.id, secret: made.webhookEndpointCreate.secret };
  };
  const deliveries = async (id: string) =>
    (
      await gqlOk<{
        webhookEndpoint: { enabled: boolean; disabledReason: string | null; deliveries: { edges: { node: DeliveryNode }[] } };
      }>(testApp.app, DELIVERIES, { id }, admin)
    ).webhookEndpoint;
  const signIn = async (userId: string) => {
    const answer = await gqlOk<{ a: { visitorSessionToken: { accessToken: string } } }>(testApp.app, SIGN_IN, {
      p: projectId,
      c: await brandCredentials(testApp.services, { userId, issuedAt: Math.floor((Date.now() + offsetMs) / 1000) }),
    });
    return answer.a.visitorSessionToken.accessToken;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    testApp = await openTestApp(dialect, {
      env: { ...ADMIN_ENV, PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1' },
      now: () => new Date(Date.now() + offsetMs),
    });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
    adminId = (await gqlOk<{ viewer: { operator: { id: string } } }>(testApp.app, '{ viewer { operator { id } } }', {}, admin)).viewer
      .operator.id;
  });
  afterEach(async () => {
    // Each test starts with no endpoint, an empty receiver and the real time.
    if (offsetMs !== 0) await advance(-offsetMs);
    for (const id of endpointsMade.splice(0))
      await gql(testApp.app, 'mutation($id: ID!) { webhookEndpointDelete(input: { id: $id }) { deletedId } }', { id }, admin);
    receiver.received.length = 0;
    receiver.answer = () => 200;
  });
  afterAll(async () => {
    await testApp.dispose();
    await receiver.close();
  });

  it('creates an endpoint with a whsec_ secret shown once and sealed at rest, and refuses what it must', async () => {
    const { id, secret } = await endpoint(['message.created']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const stored = await testApp.services.store.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.secret).not.toContain(secret.slice(6));
    const listed = await gqlOk<{ project: { webhookEndpoints: { totalCount: number; edges: { node: Record<string, unknown> }[] } } }>(
      testApp.app,
      'query($p: ID!) { project(id: $p) { webhookEndpoints { totalCount edges { node { id url eventTypes enabled } } } } }',
      { p: projectId },
      admin,
    );
    expect(listed.project.webhookEndpoints.edges.map((edge) => edge.node)).toEqual([
      { id, url: receiver.url, eventTypes: ['message.created'], enabled: true },
    ]);

    const refused = async (target: string, types: string[]) => {
      const answer = await gql(testApp.app, CREATE, { p: projectId, url: target, types }, admin);
      expect(errorName(answer)).toBe('VALIDATION_FAILED');
      return answer.errors?.[0]?.message ?? '';
    };
    expect(await refused(receiver.url, ['message.sent'])).toContain('unknown event type "message.sent"; choose from conversation.created');
    expect(await refused(receiver.url, [])).toContain('at least one event type');
    expect(await refused('http://10.0.0.7/hooks', ['message.created'])).toContain('10.0.0.7 is a private address');
    expect(await refused('https://169.254.169.254/latest', ['message.created'])).toContain('link-local');
    expect(await refused('https://user:pw@example.com/hooks', ['message.created'])).toContain('remove the user name and password');
    expect(await refused('ftp://example.com/hooks', ['message.created'])).toContain('use an https:// URL');
    expect(await refused('not a url', ['message.created'])).toContain('not a URL');
  });

  it('delivers a verified visitor’s sign-in, conversation and messages, signed as Standard Webhooks says, in order', async () => {
    const { secret } = await endpoint([
      'visitor.authenticated',
      'conversation.created',
      'message.created',
      'conversation.assigned',
      'conversation.closed',
      'conversation.reopened',
    ]);
    const token = await signIn('user-ordering-1');
    await deliverDue(); // events of different keys (the user's, the conversation's) may arrive in any order
    const visitor = await connectRealtime(url, token);
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'm1', text: 'Where is my parcel?' });
    const { conversationId } = await visitor.next('ack');
    visitor.send({ type: 'send', clientId: 'm2', text: 'Order 1234' });
    await visitor.next('ack');
    visitor.close();
    const viewer = await gqlOk<{ viewer: { operator: { id: string } } }>(testApp.app, '{ viewer { operator { id } } }', {}, admin);
    const operatorId = viewer.viewer.operator.id;
    await gqlOk(
      testApp.app,
      'mutation($c: ID!, $o: ID) { conversationAssign(input: { conversationId: $c, operatorId: $o }) { conversation { id } } }',
      { c: conversationId, o: operatorId },
      admin,
    );
    await gqlOk(
      testApp.app,
      'mutation($c: ID!) { conversationClose(input: { conversationId: $c }) { conversation { id } } }',
      { c: conversationId },
      admin,
    );
    await gqlOk(
      testApp.app,
      'mutation($c: ID!) { conversationReopen(input: { conversationId: $c }) { conversation { id } } }',
      { c: conversationId },
      admin,
    );
    const reply = {
      authorKind: 'agent',
      authorId: operatorId,
      clientId: 'r1',
      text: 'On its way',
      verified: false,
      brandKeyId: null,
    } as const;
    await testApp.services.conversations.append(conversationId, reply);
    await deliverDue();

    const got = receiver.received;
    expect(got.map((delivery) => delivery.event.type)).toEqual([
      'visitor.authenticated',
      'conversation.created',
      'message.created',
      'message.created',
      'conversation.assigned',
      'message.created', // "Conversation closed"
      'conversation.closed',
      'conversation.reopened',
      'message.created', // "Conversation reopened"
      'message.created', // the agent's reply
    ]);
    // Any Standard Webhooks library verifies them unchanged.
    const verifier = new Webhook(secret);
    for (const delivery of got) expect(verifier.verify(delivery.body, delivery.headers)).toEqual(JSON.parse(delivery.body));
    expect(got[0]?.headers['content-type']).toBe('application/json');
    expect(got[0]?.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(new Set(got.map((delivery) => delivery.headers['webhook-id'])).size).toBe(got.length);
    expect(got[0]?.event.data).toMatchObject({ projectId, userId: 'user-ordering-1', continued: false });
    expect(got[1]?.event.data).toEqual({
      projectId,
      conversationId,
      conversation: { id: conversationId, status: 'open', assigneeId: null, createdAt: expect.any(String), closedAt: null },
      userId: 'user-ordering-1',
    });
    expect(got[2]?.event.data).toEqual({
      projectId,
      conversationId,
      message: {
        id: expect.any(String),
        seq: 1,
        text: 'Where is my parcel?',
        author: { kind: 'visitor', id: expect.any(String) },
        verified: true,
        createdAt: expect.any(String),
      },
      userId: 'user-ordering-1',
    });
    expect(got[4]?.event.data).toMatchObject({ conversation: { assigneeId: operatorId }, userId: 'user-ordering-1' });
    // Every event of the conversation names its verified user: a system line, an agent's reply.
    expect(got[5]?.event.data).toMatchObject({
      message: { text: 'Conversation closed', author: { kind: 'system' } },
      userId: 'user-ordering-1',
    });
    expect(got[9]?.event.data).toEqual({
      projectId,
      conversationId,
      message: {
        id: expect.any(String),
        seq: 5,
        text: 'On its way',
        author: { kind: 'agent', id: operatorId },
        verified: false,
        createdAt: expect.any(String),
      },
      userId: 'user-ordering-1',
    });
    expect(got[9]?.body.endsWith('},"userId":"user-ordering-1"}}')).toBe(true);
    expect(got[6]?.event.data).toMatchObject({ conversation: { status: 'closed', closedAt: expect.any(String) } });
    expect(got[0]?.event.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('names the user from the sign-in on, once an anonymous visitor’s conversation becomes theirs', async () => {
    await endpoint(['message.created']);
    const anonymous = await gqlOk<{ a: { vuid: string; visitorSessionToken: { accessToken: string } } }>(
      testApp.app,
      'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }',
      { p: projectId },
    );
    const socket = await connectRealtime(url, anonymous.a.visitorSessionToken.accessToken);
    await socket.next('ready');
    socket.send({ type: 'send', clientId: 'before', text: 'Hello, anyone?' });
    await socket.next('ack');
    socket.close();
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $c: String!, $v: String) { a: visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c, currentVuid: $v }) { vuid } }',
      {
        p: projectId,
        c: await brandCredentials(testApp.services, { userId: 'user-after-sign-in', issuedAt: Math.floor(Date.now() / 1000) }),
        v: anonymous.a.vuid,
      },
      anonymous.a.visitorSessionToken.accessToken,
    );
    await deliverDue();
    expect(receiver.received.map(({ event }) => [(event.data.message as { text: string }).text, event.data.userId])).toEqual([
      ['Hello, anyone?', undefined],
      ['Visitor signed in as user-after-sign-in 🔒', 'user-after-sign-in'],
    ]);
  });

  it('writes no event for a change that rolls back, and one for each that commits', async () => {
    await endpoint(['conversation.assigned']);
    const profile = await testApp.services.visitors.createAnonymous(projectId);
    const conversation = await testApp.services.conversations.ensureOpen(projectId, profile.profileId);
    await expect(
      testApp.services.store.transaction(async () => {
        await testApp.services.conversations.assign(conversation.id, null);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await testApp.services.conversations.assign(conversation.id, null);
    await deliverDue();
    expect(receiver.received.map((delivery) => delivery.event.type)).toEqual(['conversation.assigned']);
  });

  it('retries a failing endpoint with the same webhook-id and body on the schedule, holding the conversation’s later events', async () => {
    const { id } = await endpoint(['message.created']);
    const profile = await testApp.services.visitors.createAnonymous(projectId);
    const conversation = await testApp.services.conversations.ensureOpen(projectId, profile.profileId);
    const other = await testApp.services.conversations.ensureOpen(
      projectId,
      (await testApp.services.visitors.createAnonymous(projectId)).profileId,
    );
    receiver.answer = (delivery) => ((delivery.event.data.message as { text: string }).text === 'first' ? 500 : 200);
    const system = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;
    await testApp.services.conversations.append(conversation.id, { ...system, text: 'first' });
    await testApp.services.conversations.append(conversation.id, { ...system, text: 'second' });
    await testApp.services.conversations.append(other.id, { ...system, text: 'elsewhere' });
    await deliverDue();
    // "second" waits behind "first" (same conversation); "elsewhere" is not held.
    expect(receiver.received.map((delivery) => (delivery.event.data.message as { text: string }).text).sort()).toEqual([
      'elsewhere',
      'first',
    ]);
    let log = await deliveries(id);
    const first = log.deliveries.edges.map((edge) => edge.node).find((node) => node.status === 'PENDING' && node.attempts === 1);
    expect(first).toMatchObject({ lastStatusCode: 500, lastError: 'answered HTTP 500', attemptLog: [{ statusCode: 500 }] });
    const due = Date.parse(first?.nextAttemptAt ?? '') - (Date.now() + offsetMs);
    expect(due).toBeGreaterThan(RETRY_DELAYS_MS[0] * 0.9 - 1000);
    expect(due).toBeLessThanOrEqual(RETRY_DELAYS_MS[0] * 1.1);

    await deliverDue(); // not due yet
    expect(receiver.received).toHaveLength(2);
    receiver.answer = () => 200;
    await advance(RETRY_DELAYS_MS[0] * 1.1 + 100);
    await deliverDue();
    const texts = receiver.received.map((delivery) => (delivery.event.data.message as { text: string }).text);
    expect(texts.slice(2)).toEqual(['first', 'second']);
    const firstTries = receiver.received.filter((delivery) => (delivery.event.data.message as { text: string }).text === 'first');
    expect(firstTries[1]?.headers['webhook-id']).toBe(firstTries[0]?.headers['webhook-id']);
    expect(firstTries[1]?.body).toBe(firstTries[0]?.body);
    log = await deliveries(id);
    expect(log.deliveries.edges.map((edge) => edge.node.status)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  it('gives up after the last attempt, disables an endpoint that answers 410 or fails for 5 days, and sends again once enabled', async () => {
    const { id } = await endpoint(['conversation.created']);
    receiver.answer = () => 503;
    await testApp.services.conversations.ensureOpen(projectId, (await testApp.services.visitors.createAnonymous(projectId)).profileId);
    for (let attempt = 0; attempt < RETRY_DELAYS_MS.length; attempt++) {
      await deliverDue();
      await advance((RETRY_DELAYS_MS[attempt] ?? 0) * 1.1 + 1000);
    }
    await deliverDue();
    expect(receiver.received).toHaveLength(8); // the first attempt and seven retries
    let log = await deliveries(id);
    expect(log.deliveries.edges[0]?.node).toMatchObject({ status: 'FAILED', attempts: 8, nextAttemptAt: null });
    expect(log.enabled).toBe(true); // about 27.6 hours of failures: not yet 5 days

    await advance(4 * 86_400_000);
    await testApp.services.conversations.ensureOpen(projectId, (await testApp.services.visitors.createAnonymous(projectId)).profileId);
    await deliverDue();
    log = await deliveries(id);
    expect(log.enabled).toBe(false);
    expect(log.disabledReason).toMatch(/^every attempt failed for 5 days$/);

    // Disabled: new events are not queued for it, and its pending delivery waits.
    await testApp.services.conversations.ensureOpen(projectId, (await testApp.services.visitors.createAnonymous(projectId)).profileId);
    receiver.answer = () => 200;
    await deliverDue();
    expect(receiver.received).toHaveLength(9);
    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { webhookEndpointUpdate(input: { id: $id, enabled: true }) { endpoint { enabled } } }',
      { id },
      admin,
    );
    await advance(RETRY_DELAYS_MS[0] * 1.1);
    await deliverDue();
    expect(receiver.received).toHaveLength(10);
    expect((await deliveries(id)).deliveries.edges.map((edge) => edge.node.status).sort()).toEqual(['DELIVERED', 'FAILED']);

    receiver.answer = () => 410;
    await testApp.services.conversations.ensureOpen(projectId, (await testApp.services.visitors.createAnonymous(projectId)).profileId);
    await deliverDue();
    log = await deliveries(id);
    expect(log).toMatchObject({ enabled: false, disabledReason: 'the endpoint answered 410 Gone' });
    expect(log.deliveries.edges[0]?.node).toMatchObject({ status: 'FAILED', lastStatusCode: 410 });
  });

  it('signs with both secrets for 24 hours after a rotation, then with the new one only', async () => {
    const { id, secret: old } = await endpoint(['conversation.created']);
    const rotated = await gqlOk<{ webhookEndpointRotateSecret: { secret: string; endpoint: { previousSecretValidUntil: string } } }>(
      testApp.app,
      'mutation($id: ID!) { webhookEndpointRotateSecret(input: { id: $id }) { secret endpoint { previousSecretValidUntil } } }',
      { id },
      admin,
    );
    const fresh = rotated.webhookEndpointRotateSecret.secret;
    expect(fresh).not.toBe(old);
    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { eventType status } } }',
      { id },
      admin,
    );
    await deliverDue();
    const during = receiver.received[0];
    expect(during?.event).toMatchObject({ type: 'webhook.test', data: { projectId, endpointId: id } });
    expect(during?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(during?.body ?? '', during?.headers ?? {})).toBeTruthy();
    expect(new Webhook(fresh).verify(during?.body ?? '', during?.headers ?? {})).toBeTruthy();

    await advance(24 * 3_600_000 + 1000);
    await gqlOk(testApp.app, 'mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id } } }', { id }, admin);
    await deliverDue();
    const after = receiver.received[1];
    expect(after?.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    // The library signs what it expects (its verify would refuse a timestamp a day off this test's clock).
    const signedWith = (secret: string) =>
      new Webhook(secret).sign(
        after?.headers['webhook-id'] ?? '',
        new Date(Number(after?.headers['webhook-timestamp']) * 1000),
        after?.body ?? '',
      );
    expect(after?.headers['webhook-signature']).toBe(signedWith(fresh));
    expect(after?.headers['webhook-signature']).not.toContain(signedWith(old));
  });

  it('redelivers a delivery with its webhook-id and body', async () => {
    const { id } = await endpoint(['conversation.created']);
    await testApp.services.conversations.ensureOpen(projectId, (await testApp.services.visitors.createAnonymous(projectId)).profileId);
    await deliverDue();
    const [delivered] = (await deliveries(id)).deliveries.edges.map((edge) => edge.node);
    const again = await gqlOk<{ webhookDeliveryRedeliver: { delivery: { status: string; attempts: number } } }>(
      testApp.app,
      'mutation($id: ID!) { webhookDeliveryRedeliver(input: { id: $id }) { delivery { status attempts } } }',
      { id: delivered?.id },
      admin,
    );
    expect(again.webhookDeliveryRedeliver.delivery).toEqual({ status: 'PENDING', attempts: 0 });
    await deliverDue();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers['webhook-id']).toBe(delivered?.eventId);
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
  });

  it('tells authentication failures and logouts, the brand’s revocations included', async () => {
    await endpoint(['authentication.failed', 'visitor.logged_out']);
    const bad = await gql(testApp.app, SIGN_IN, { p: projectId, c: 'not.a.token' }, null);
    expect(bad.errors?.[0]?.extensions.name).toBeDefined();
    await deliverDue(); // no order between it and the user's events
    const token = await signIn('user-logout-1');
    await gqlOk(testApp.app, 'mutation { visitorLogout { loggedOut } }', {}, token);
    await signIn('user-logout-1');
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $u: String!) { visitorSessionsRevoke(input: { projectId: $p, userId: $u }) { revokedCount } }',
      { p: projectId, u: 'user-logout-1' },
      admin,
    );
    await deliverDue();
    const events = receiver.received.map((delivery) => delivery.event);
    expect(events[0]).toMatchObject({
      type: 'authentication.failed',
      data: { projectId, reason: bad.errors?.[0]?.extensions.name, origin: null },
    });
    expect(events[1]).toMatchObject({
      type: 'visitor.logged_out',
      data: { projectId, userId: 'user-logout-1', reason: 'logout', sessionIds: [expect.any(String)] },
    });
    expect(events[2]).toMatchObject({ type: 'visitor.logged_out', data: { userId: 'user-logout-1', reason: 'revoked' } });
    expect(events).toHaveLength(3);
  });

  it('tells user.erased, and an erasure leaves nothing of the user in the webhook tables once it is delivered', async () => {
    await endpoint([...(await gqlOk<{ webhookEventTypes: string[] }>(testApp.app, '{ webhookEventTypes }', {}, admin)).webhookEventTypes]);
    const visitor = await connectRealtime(url, await signIn('erase-webhook-user'));
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'e1', text: 'pangolin-private-words' });
    await visitor.next('ack');
    visitor.close();
    receiver.answer = () => 500; // pending deliveries that name the user: the erasure removes them too
    await deliverDue();
    receiver.answer = () => 200;
    const erased = await gqlOk<{ userErase: { erased: boolean; messages: number } }>(
      testApp.app,
      'mutation($p: ID!, $u: String!) { userErase(input: { projectId: $p, userId: $u }) { erased conversations messages } }',
      { p: projectId, u: 'erase-webhook-user' },
      admin,
    );
    expect(erased.userErase).toMatchObject({ erased: true, messages: 1 });
    await advance(RETRY_DELAYS_MS[0] * 1.1);
    await deliverDue();
    const after = receiver.received.filter((delivery) => delivery.event.type === 'user.erased');
    expect(after.map((delivery) => delivery.event.data)).toEqual([
      { projectId, userId: 'erase-webhook-user', conversations: 1, messages: 1 },
    ]);
    const { db } = testApp.services.store;
    const stored = JSON.stringify([
      await db.selectFrom('webhook_deliveries').selectAll().execute(),
      await db.selectFrom('webhook_attempts').selectAll().execute(),
    ]);
    expect(stored).not.toContain('erase-webhook-user');
    expect(stored).not.toContain('pangolin-private-words');
    expect(stored).toContain('[erased]'); // the delivered user.erased event, blanked
  });

  it('records no attempt for a delivery deleted while it was in flight (its endpoint deleted, or its user erased)', async () => {
    const { id } = await endpoint(['conversation.created']);
    receiver.answer = () => 'hang';
    await testApp.services.conversations.ensureOpen(projectId, (await testApp.services.visitors.createAnonymous(projectId)).profileId);
    expect(await dispatcher().runOnce()).toBe(1);
    await receiver.waitFor(1);
    await gqlOk(testApp.app, 'mutation($id: ID!) { webhookEndpointDelete(input: { id: $id }) { deletedId } }', { id }, admin);
    endpointsMade.splice(endpointsMade.indexOf(id), 1);
    await receiver.close(); // the request in flight fails; its result has nowhere to go
    receiver = await startWebhookReceiver();
    await dispatcher().idle();
    const { db } = testApp.services.store;
    expect(await db.selectFrom('webhook_attempts').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('webhook_deliveries').selectAll().execute()).toEqual([]);
  });

  it('lets the project’s admins and API keys manage endpoints, and no one else', async () => {
    const apiKey = await apiKeyBearer(testApp.app, admin, projectId);
    const made = await gqlOk<{ webhookEndpointCreate: { endpoint: { id: string } } }>(
      testApp.app,
      CREATE,
      { p: projectId, url: receiver.url, types: ['user.erased'] },
      apiKey,
    );
    const id = made.webhookEndpointCreate.endpoint.id;
    endpointsMade.push(id);
    const agent = await memberAgentBearer(testApp.app, admin, projectId, `agent-${dialect}@example.com`);
    expect(errorName(await gql(testApp.app, CREATE, { p: projectId, url: receiver.url, types: ['user.erased'] }, agent))).toBe(
      'PERMISSION_DENIED',
    );
    expect(errorName(await gql(testApp.app, 'query($id: ID!) { webhookEndpoint(id: $id) { url } }', { id }, agent))).toBe(
      'PERMISSION_DENIED',
    );
    const { projectId: otherProject } = await securedProject(testApp.app, admin, 'Other shop');
    const otherKey = await apiKeyBearer(testApp.app, admin, otherProject);
    for (const query of [
      'query($id: ID!) { webhookEndpoint(id: $id) { url } }',
      'mutation($id: ID!) { webhookEndpointRotateSecret(input: { id: $id }) { secret } }',
      'mutation($id: ID!) { webhookEndpointDelete(input: { id: $id }) { deletedId } }',
    ])
      expect(errorName(await gql(testApp.app, query, { id }, otherKey))).toBe('PERMISSION_DENIED');
    expect(errorName(await gql(testApp.app, 'mutation { webhookEndpointDelete(input: { id: "nope" }) { deletedId } }', {}, admin))).toBe(
      'NOT_FOUND',
    );
    // The secret is never readable again, and the audit log records the call without it.
    const audit = await gqlOk<{ auditLog: { edges: { node: { action: string; changes: unknown } }[] } }>(
      testApp.app,
      'query($p: ID!) { auditLog(projectId: $p, first: 5) { edges { node { action changes } } } }',
      { p: projectId },
      admin,
    );
    expect(audit.auditLog.edges.map((edge) => edge.node.action)).toContain('webhookEndpointCreate');
    expect(JSON.stringify(audit.auditLog)).not.toContain('whsec_');
  });
});
