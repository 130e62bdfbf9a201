// The webhook receivers of docs/integration-guide.md, read from the Markdown and run as written: each is a real
// process on 127.0.0.1 that a real endpoint delivers real events to (SQLite and PostgreSQL). Each must accept and
// print every genuine delivery once, also during a secret rotation, and refuse a tampered body and a stale timestamp.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../packages/server/test/helpers/app.js';
import { freePort } from '../../packages/server/test/helpers/fault-support.js';
import { ADMIN_ENV, gqlOk, passwordGrant, securedProject } from '../../packages/server/test/helpers/graphql.js';
import { connectRealtime } from '../../packages/server/test/helpers/realtime.js';
import { DIALECTS } from '../../packages/server/test/helpers/stores.js';
import { visitorsOf } from '../../packages/server/test/helpers/visitors.js';
import { PYTHON, ROOT, startProcess } from '../interop/helpers/parley.js';

const GUIDE = readFileSync(join(ROOT, 'docs/integration-guide.md'), 'utf8');

/** The code block the guide shows for `sample` (the block under its `<!-- sample: … -->` comment). */
function guideBlock(sample: string): string {
  const match = new RegExp(`^<!-- sample: ${sample.replaceAll('.', '\\.')} -->\\n\`\`\`\\w+\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(GUIDE);
  if (!match) throw new Error(`docs/integration-guide.md shows no block for ${sample}`);
  return match[1] as string;
}

const RECEIVERS = [
  {
    name: 'Node (standardwebhooks)',
    // Evaluated as a module from the repository's root, so that its `import 'standardwebhooks'` finds the package.
    command: () => process.execPath,
    args: () => ['--input-type=module', '--eval', guideBlock('docs/samples/node/webhook-receiver.mjs')],
  },
  {
    name: 'Python (standard library)',
    command: () => {
      if (!existsSync(PYTHON))
        throw new Error(
          `${PYTHON} is missing: the Python webhook receiver of docs/integration-guide.md needs it (apt-get install python3)`,
        );
      return PYTHON;
    },
    args: () => ['-c', guideBlock('docs/samples/python/webhook_receiver.py')],
  },
] as const;

const CREATE = `mutation($p: ID!, $url: String!, $types: [String!]!) {
  webhookEndpointCreate(input: { projectId: $p, url: $url, eventTypes: $types }) { endpoint { id } secret } }`;
const DELIVERIES = `query($id: ID!) { webhookEndpoint(id: $id) {
  deliveries(first: 50) { edges { node { id eventId eventType status attempts lastStatusCode lastError } } } } }`;

interface DeliveryNode {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

describe.each(DIALECTS)('the guide’s webhook receivers on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  let projectId: string;
  const visitors = visitorsOf(
    () => testApp,
    () => projectId,
  );
  const mutate = <T>(query: string, variables: Record<string, unknown>) => gqlOk<T>(testApp.app, query, variables, admin);
  const deliverDue = async () => {
    const { dispatcher } = testApp.services.webhooks;
    while ((await dispatcher.runOnce()) > 0) await dispatcher.idle();
    await dispatcher.idle();
  };
  const deliveries = async (id: string) =>
    (
      await mutate<{ webhookEndpoint: { deliveries: { edges: { node: DeliveryNode }[] } } }>(DELIVERIES, { id })
    ).webhookEndpoint.deliveries.edges.map((edge) => edge.node);

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: { ...ADMIN_ENV, PARLEY_WEBHOOKS_ALLOW_LOOPBACK: '1' } });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin));
  });
  afterAll(async () => {
    await testApp?.dispose();
  });

  it.each(RECEIVERS)('$name accepts and prints each real event once, and refuses forgeries', async (receiver) => {
    const command = receiver.command();
    // The endpoint first, for its secret; then the sample, on the port the endpoint names, with that secret.
    const port = await freePort();
    const target = `http://127.0.0.1:${port}/`;
    const { webhookEndpointCreate: made } = await mutate<{ webhookEndpointCreate: { endpoint: { id: string }; secret: string } }>(CREATE, {
      p: projectId,
      url: target,
      types: ['visitor.authenticated', 'conversation.created', 'message.created'],
    });
    const endpointId = made.endpoint.id;
    const sample = await startProcess(
      command,
      [...receiver.args()],
      { PARLEY_WEBHOOK_SECRET: made.secret, PORT: String(port) },
      /webhook receiver on (http:\/\/\S+)/,
    );
    /** Resolves once the sample has printed a line matching `pattern`. */
    const printed = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(sample.output())) {
        if (Date.now() > deadline) throw new Error(`the sample did not print ${pattern}; it printed:\n${sample.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const lines = () => sample.output().split('\n');
    try {
      expect(sample.match[1]).toBe(target);

      // Real events: a verified visitor signs in and writes; an admin sends a test event.
      const visitor = await visitors.signIn(`receiver-user-${receiver.name.split(' ')[0]}`); // a new user each: a new conversation
      const socket = await connectRealtime(url, visitor.accessToken);
      await socket.next('ready');
      socket.send({ type: 'send', clientId: 'w1', text: 'Is my order shipped? Ünïcödé ✓' });
      await socket.next('ack');
      socket.close();
      await mutate('mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id } } }', { id: endpointId });
      await deliverDue();

      const sent = await deliveries(endpointId);
      expect(sent.map((delivery) => delivery.eventType).sort()).toEqual([
        'conversation.created',
        'message.created',
        'visitor.authenticated',
        'webhook.test',
      ]);
      for (const delivery of sent) expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 204 });
      for (const delivery of sent) await printed(new RegExp(`^${delivery.eventType.replace('.', '\\.')} ${delivery.eventId}$`, 'm'));

      // A redelivery (same webhook-id and body) is accepted, and not handled a second time.
      const redelivered = sent.find((delivery) => delivery.eventType === 'message.created') as DeliveryNode;
      await mutate('mutation($id: ID!) { webhookDeliveryRedeliver(input: { id: $id }) { delivery { id } } }', { id: redelivered.id });
      await deliverDue();
      expect((await deliveries(endpointId)).find((delivery) => delivery.id === redelivered.id)).toMatchObject({
        status: 'DELIVERED',
        lastStatusCode: 204,
      });
      expect(lines().filter((line) => line.endsWith(redelivered.eventId))).toHaveLength(1);

      // During a rotation each delivery carries two signatures: the sample, still on the old secret, accepts it.
      await mutate('mutation($id: ID!) { webhookEndpointRotateSecret(input: { id: $id }) { secret } }', { id: endpointId });
      const { webhookEndpointSendTest: test } = await mutate<{ webhookEndpointSendTest: { delivery: { id: string; eventId: string } } }>(
        'mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id eventId } } }',
        { id: endpointId },
      );
      await deliverDue();
      expect((await deliveries(endpointId)).find((delivery) => delivery.id === test.delivery.id)).toMatchObject({
        status: 'DELIVERED',
        lastStatusCode: 204,
      });
      await printed(new RegExp(`^webhook\\.test ${test.delivery.eventId}$`, 'm'));

      // Forgeries, sent as Parley would sign them but for one thing: each is refused, and none is handled.
      const signer = new Webhook(made.secret);
      const body = JSON.stringify({ type: 'webhook.test', timestamp: new Date().toISOString(), data: { projectId } });
      const post = async (id: string, seconds: number, sent: string, signed = sent) => {
        const headers = {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(seconds),
          'webhook-signature': signer.sign(id, new Date(seconds * 1000), signed),
        };
        return (await fetch(target, { method: 'POST', headers, body: sent })).status;
      };
      const now = Math.floor(Date.now() / 1000);
      expect(await post('msg_genuine', now, body)).toBe(204); // the forgeries below differ from this only as they say
      expect(await post('msg_tampered', now, body.replace(projectId, 'another-project'), body)).toBe(400);
      expect(await post('msg_stale', now - 6 * 60, body)).toBe(400);
      expect(await post('msg_ahead', now + 6 * 60, body)).toBe(400);
      const unsigned = await fetch(target, { method: 'POST', headers: { 'webhook-id': 'msg_unsigned' }, body });
      expect(unsigned.status).toBe(400);
      await printed(/^webhook\.test msg_genuine$/m);
      await printed(/(?:^rejected: .*\n){4}/m);
      expect(lines().filter((line) => /msg_(tampered|stale|ahead|unsigned)/.test(line))).toEqual([]);
    } finally {
      await sample.stop();
      await mutate('mutation($id: ID!) { webhookEndpointDelete(input: { id: $id }) { deletedId } }', { id: endpointId });
    }
  });
});
