import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { openStore } from '../../src/store/open-store.js';
import { openRedis } from '../../src/store/redis.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';

const ANONYMOUSLY =
  'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }';

/** Two server nodes on one PostgreSQL schema and one Redis, as a scaled deployment runs them. */
describe('two nodes on PostgreSQL and Redis', () => {
  let testStore: TestStore;
  const prefix = `parley-test-${randomBytes(4).toString('hex')}:`;
  const nodes: { app: Awaited<ReturnType<typeof buildApp>>; services: Services; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    testStore = await openTestStore('postgres');
    const env = {
      ...ADMIN_ENV,
      REDIS_URL: TEST_REDIS_URL,
      PARLEY_REDIS_PREFIX: prefix,
      PARLEY_AUTH_RATE_LIMIT: '3',
      PARLEY_PUBLIC_URL: 'https://parley.test',
    };
    for (let i = 0; i < 2; i++) {
      const store =
        i === 0
          ? testStore.store
          : await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), schema: testStore.schema as string });
      const config = loadConfig(env);
      const services = await createServices({ config, store, passwordCost: 2 ** 10 });
      const app = await buildApp(config, services);
      nodes.push({
        app,
        services,
        async close() {
          await app.close();
          await services.close();
          if (i > 0) await store.close();
        },
      });
    }
  });
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await testStore.dispose();
    const redis = await openRedis(TEST_REDIS_URL, { prefix });
    const keys = await redis.client.keys(`${prefix}*`);
    if (keys.length > 0) await redis.client.del(...keys);
    await redis.close();
  });

  it('share keys, bearers, sessions and the rate limit', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const jwks = (node: typeof a) => node.app.inject('/.well-known/jwks.json').then((response) => response.body);
    expect(await jwks(a)).toBe(await jwks(b));

    const admin = await passwordGrant(a.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      b.app,
      'mutation { projectCreate(input: { name: "Both" }) { project { id } } }',
      {},
      admin,
    );
    const projectId = created.projectCreate.project.id;

    const anonymous = (node: typeof a) =>
      gql<{ visitorAuthenticateAnonymously: { visitorSessionToken: { accessToken: string } } }>(node.app, ANONYMOUSLY, { p: projectId });
    const first = await anonymous(a);
    const token = first.data?.visitorAuthenticateAnonymously.visitorSessionToken.accessToken ?? '';
    expect((await gql(b.app, '{ visitorSession { vuid } }', {}, token)).errors).toBeUndefined();
    await gqlOk(b.app, 'mutation { visitorLogout { loggedOut } }', {}, token);
    expect(errorName(await gql(a.app, '{ visitorSession { vuid } }', {}, token))).toBe('VISITOR_SESSION_EXPIRED');

    // The budget of 3 per (IP, project) is shared: the 4th attempt is refused whichever node gets it.
    expect((await anonymous(b)).errors).toBeUndefined();
    expect((await anonymous(a)).errors).toBeUndefined();
    expect(errorName(await anonymous(b))).toBe('RATE_LIMITED');
  });

  it('fan out realtime events: a message sent through one node reaches sockets on the other', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const urlA = await a.app.listen({ port: 0, host: '127.0.0.1' });
    const urlB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    const admin = await passwordGrant(a.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      a.app,
      'mutation { projectCreate(input: { name: "Fan-out" }) { project { id } } }',
      {},
      admin,
    );
    const visitor = await gql<{ visitorAuthenticateAnonymously: { visitorSessionToken: { accessToken: string } } }>(
      a.app,
      ANONYMOUSLY,
      { p: created.projectCreate.project.id },
      null,
      '198.51.100.40',
    );
    const token = visitor.data?.visitorAuthenticateAnonymously.visitorSessionToken.accessToken ?? '';
    const agent = await connectRealtime(urlB, admin);
    await agent.next('ready');
    const onA = await connectRealtime(urlA, token);
    await onA.next('ready');
    onA.send({ type: 'send', clientId: 'fan-1', text: 'through node A' });
    await onA.next('ack');
    expect((await agent.next('message')).message.text).toBe('through node A');
    // A logout on node A closes the visitor's sockets on node B.
    const onB = await connectRealtime(urlB, token);
    await onB.next('ready');
    await gqlOk(a.app, 'mutation { visitorLogout { loggedOut } }', {}, token);
    expect(await onB.closed).toEqual({ code: 1000, reason: 'VISITOR_SESSION_EXPIRED' });
    agent.close();
  });
});
