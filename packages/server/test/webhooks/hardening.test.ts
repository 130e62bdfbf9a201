import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PARKED, PER_ENDPOINT } from '../../src/webhooks/claim-statements.js';
import { deleteOldDeliveries } from '../../src/webhooks/forget-deliveries.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.js';

const CREATE = `mutation($p: ID!, $url: String!, $types: [String!]!) {
  webhookEndpointCreate(input: { projectId: $p, url: $url, eventTypes: $types }) { endpoint { id } secret }
}`;
const SEND_TEST = 'mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id } } }';

/** What an adversarial review of webhooks found, each kept from coming back (the review's reproductions, as tests). */
describe.each(DIALECTS)('webhooks under attack and failure on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;
  let receiver: WebhookReceiver;
  let offsetMs = 0;
  const dispatcher = () => testApp.services.webhooks.dispatcher;
  const endpoint = async (url: string, types: string[], project = projectId) =>
    (await gqlOk<{ webhookEndpointCreate: { endpoint: { id: string } } }>(testApp.app, CREATE, { p: project, url, types }, admin))
      .webhookEndpointCreate.endpoint.id;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    testApp = await openTestApp(dialect, {
      env: { ...ADMIN_ENV, PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1', PARLEY_WEBHOOKS_TIMEOUT_MS: '2000' },
      now: () => new Date(Date.now() + offsetMs),
    });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterEach(async () => {
    await dispatcher().idle();
    receiver.answer = () => 200;
    receiver.received.length = 0;
    offsetMs = 0;
    for (const { id } of await testApp.services.store.db.selectFrom('webhook_endpoints').select('id').execute())
      await testApp.services.webhooks.endpoints.delete(id);
  });
  afterAll(async () => {
    await receiver.close();
    await testApp.dispose();
  });

  it('gives one endpoint a few request slots at most: a project whose endpoint hangs does not hold up another’s', async () => {
    const hanging = await startWebhookReceiver();
    hanging.answer = () => 'hang';
    try {
      const slow = await endpoint(hanging.url, ['conversation.created']);
      for (let i = 0; i < 20; i++) await gqlOk(testApp.app, SEND_TEST, { id: slow }, admin);
      const { projectId: other } = await securedProject(testApp.app, admin, 'Other shop');
      await endpoint(receiver.url, ['conversation.created'], other);
      await testApp.services.conversations.ensureOpen(other, (await testApp.services.visitors.createAnonymous(other)).profileId);
      expect(await dispatcher().runOnce()).toBe(PER_ENDPOINT + 1);
      await receiver.waitFor(1, 2000);
      expect(receiver.received[0]?.event.type).toBe('conversation.created');
      expect(await dispatcher().runOnce()).toBe(0); // the hanging endpoint has no slot left on this node
    } finally {
      await hanging.close();
    }
  });

  it('refuses to redeliver a delivery while it is being sent: one request at a time', async () => {
    const id = await endpoint(receiver.url, ['conversation.created']);
    receiver.answer = () => 'hang';
    const { delivery } = (await gqlOk<{ webhookEndpointSendTest: { delivery: { id: string } } }>(testApp.app, SEND_TEST, { id }, admin))
      .webhookEndpointSendTest;
    expect(await dispatcher().runOnce()).toBe(1);
    await receiver.waitFor(1);
    const again = await gql(
      testApp.app,
      'mutation($id: ID!) { webhookDeliveryRedeliver(input: { id: $id }) { delivery { id } } }',
      { id: delivery.id },
      admin,
    );
    expect(errorName(again)).toBe('VALIDATION_FAILED');
    expect(again.errors?.[0]?.message).toContain('being sent right now');
    expect(await dispatcher().runOnce()).toBe(0);
  });

  it('takes a 2xx as delivered at once, whatever the answer’s body does afterwards', async () => {
    const trickling = http.createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        const drip = setInterval(() => response.write('.'), 100);
        response.on('close', () => clearInterval(drip));
      });
    });
    await new Promise<void>((resolve) => trickling.listen(0, '127.0.0.1', resolve));
    try {
      const id = await endpoint(`http://127.0.0.1:${(trickling.address() as AddressInfo).port}/hook`, ['conversation.created']);
      await gqlOk(testApp.app, SEND_TEST, { id }, admin);
      await dispatcher().runOnce();
      await dispatcher().idle();
      const [row] = await testApp.services.store.db
        .selectFrom('webhook_deliveries')
        .select(['status', 'last_status'])
        .where('endpoint_id', '=', id)
        .execute();
      expect(row).toEqual({ status: 'delivered', last_status: 200 });
    } finally {
      trickling.closeAllConnections();
      await new Promise((resolve) => trickling.close(resolve));
    }
  });

  it('refuses, even with PARLEY_WEBHOOKS_ALLOW_LOOPBACK, addresses that only embed 127.x, and URLs too long once encoded', async () => {
    for (const url of [
      'http://[::127.0.0.1]/hook',
      'http://[64:ff9b::7f00:1]/hook',
      'http://[2002:7f00:1::]/hook',
      'http://10.1.2.3/hook',
    ]) {
      const answer = await gql(testApp.app, CREATE, { p: projectId, url, types: ['conversation.created'] }, admin);
      expect(errorName(answer), url).toBe('VALIDATION_FAILED');
    }
    const long = `${receiver.url}/${'é'.repeat(1900)}`;
    expect(long.length).toBeLessThan(2000);
    const answer = await gql(testApp.app, CREATE, { p: projectId, url: long, types: ['conversation.created'] }, admin);
    expect(answer.errors?.[0]?.message).toBe('url: at most 2000 characters once encoded');
  });

  it('keeps the 20-endpoint cap under concurrent creates', async () => {
    const { projectId: busy } = await securedProject(testApp.app, admin, 'Busy shop');
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => gql(testApp.app, CREATE, { p: busy, url: receiver.url, types: ['conversation.created'] }, admin)),
    );
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(20);
    expect(new Set(answers.flatMap((answer) => answer.errors?.map((error) => error.extensions.name) ?? []))).toEqual(
      new Set(['VALIDATION_FAILED']),
    );
  });

  it('parks a disabled endpoint’s deliveries, keeps a conversation’s backlog behind its failing head, and purges the old', async () => {
    const id = await endpoint(receiver.url, ['message.created']);
    const conversation = await testApp.services.conversations.ensureOpen(
      projectId,
      (await testApp.services.visitors.createAnonymous(projectId)).profileId,
    );
    receiver.answer = () => 500;
    const system = { authorKind: 'system', authorId: null, clientId: null, verified: false, brandKeyId: null } as const;
    await testApp.services.conversations.append(conversation.id, { ...system, text: 'head' });
    await dispatcher().runOnce();
    await dispatcher().idle();
    await testApp.services.conversations.append(conversation.id, { ...system, text: 'behind' });
    const rows = async () =>
      (
        await testApp.services.store.db
          .selectFrom('webhook_deliveries')
          .select(['next_attempt_at', 'status'])
          .where('endpoint_id', '=', id)
          .orderBy('seq')
          .execute()
      ).map((row) => row.next_attempt_at);
    const [head, behind] = await rows();
    expect(behind).toBe(head); // not due before the head's next attempt
    expect(Date.parse(head ?? '')).toBeGreaterThan(Date.now());

    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { webhookEndpointUpdate(input: { id: $id, enabled: false }) { endpoint { id } } }',
      { id },
      admin,
    );
    expect(await rows()).toEqual([PARKED, PARKED]);
    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { webhookEndpointUpdate(input: { id: $id, enabled: true }) { endpoint { id } } }',
      { id },
      admin,
    );
    expect((await rows()).every((at) => at !== PARKED && Date.parse(at) <= Date.now())).toBe(true);

    // Pending for 30 days (an endpoint disabled all along): dropped with the rest of the old log.
    await gqlOk(
      testApp.app,
      'mutation($id: ID!) { webhookEndpointUpdate(input: { id: $id, enabled: false }) { endpoint { id } } }',
      { id },
      admin,
    );
    expect(await deleteOldDeliveries(testApp.services.store, new Date(Date.now() + 29 * 86_400_000))).toBe(0);
    expect(await deleteOldDeliveries(testApp.services.store, new Date(Date.now() + 31 * 86_400_000))).toBe(2);
  });
});
