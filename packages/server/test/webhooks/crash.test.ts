import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ADMIN_ENV } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import {
  createTestDatabase,
  freePort,
  httpGql,
  httpPasswordGrant,
  killServerProcesses,
  startServerProcess,
} from '../helpers/server-process.js';
import { DIALECTS } from '../helpers/stores.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

/** A node's claim on a delivery lasts 2 × the request timeout + 5 s (dispatcher.ts): 7 s with this timeout. */
const TIMEOUT_MS = 1000;

/**
 * SIGKILL a real `parley serve` between the commit of a change and the delivery of its event (the request is in flight,
 * the endpoint has not answered): after the restart the event is delivered, with the webhook-id and body it had.
 */
describe.each(DIALECTS)('kill -9 before a webhook is delivered on %s', (dialect) => {
  const cleanUps: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanUp of cleanUps.splice(0).reverse()) await cleanUp();
  });
  afterAll(killServerProcesses);

  it('delivers the committed event after the restart', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-webhook-crash-'));
    cleanUps.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let databaseUrl: string | null = null;
    if (dialect === 'postgres') {
      const database = await createTestDatabase('webhook_crash');
      cleanUps.push(() => database.drop());
      databaseUrl = database.url;
    }
    const receiver = await startWebhookReceiver();
    cleanUps.push(() => receiver.close());
    receiver.answer = () => 'hang';
    const port = await freePort();
    const env = { ...ADMIN_ENV, PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1', PARLEY_WEBHOOKS_TIMEOUT_MS: String(TIMEOUT_MS) };
    const start = () =>
      startServerProcess({ port, dataDir, databaseUrl, env }).then((server) => {
        cleanUps.push(() => server.kill());
        return server;
      });

    let server = await start();
    const admin = await httpPasswordGrant(server.url, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const { projectCreate } = await httpGql<{ projectCreate: { project: { id: string } } }>(
      server.url,
      'mutation { projectCreate(input: { name: "Crash shop" }) { project { id } } }',
      {},
      admin,
    );
    const projectId = projectCreate.project.id;
    const { webhookEndpointCreate } = await httpGql<{ webhookEndpointCreate: { endpoint: { id: string }; secret: string } }>(
      server.url,
      'mutation($p: ID!, $u: String!) { webhookEndpointCreate(input: { projectId: $p, url: $u, eventTypes: ["message.created"] }) { endpoint { id } secret } }',
      { p: projectId, u: receiver.url },
      admin,
    );
    const { a } = await httpGql<{ a: { visitorSessionToken: { accessToken: string } } }>(
      server.url,
      'mutation($p: ID!) { a: visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }',
      { p: projectId },
    );
    const visitor = await connectRealtime(server.url, a.visitorSessionToken.accessToken);
    await visitor.next('ready');
    visitor.send({ type: 'send', clientId: 'before-the-crash', text: 'Is my order shipped?' });
    await visitor.next('ack'); // committed, with its event
    const [inFlight] = await receiver.waitFor(1); // the node is sending it; the endpoint does not answer
    await server.kill();
    visitor.close();

    receiver.answer = () => 204;
    server = await start();
    const [, delivered] = await receiver.waitFor(2, 2 * TIMEOUT_MS + 5_000 + 10_000);
    expect(delivered?.headers['webhook-id']).toBe(inFlight?.headers['webhook-id']);
    expect(delivered?.body).toBe(inFlight?.body);
    expect(new Webhook(webhookEndpointCreate.secret).verify(delivered?.body ?? '', delivered?.headers ?? {})).toMatchObject({
      type: 'message.created',
      data: { projectId, message: { text: 'Is my order shipped?', seq: 1 } },
    });
    const admin2 = await httpPasswordGrant(server.url, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const log = await httpGql<{ webhookEndpoint: { deliveries: { edges: { node: { status: string; attempts: number } }[] } } }>(
      server.url,
      'query($id: ID!) { webhookEndpoint(id: $id) { deliveries { edges { node { status attempts } } } } }',
      { id: webhookEndpointCreate.endpoint.id },
      admin2,
    );
    expect(log.webhookEndpoint.deliveries.edges.map((edge) => edge.node)).toEqual([{ status: 'DELIVERED', attempts: 2 }]);
  });
});
