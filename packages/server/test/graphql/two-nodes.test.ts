import { type KeyObject, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { keyPath, privateKey } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { openStore } from '../../src/store/open-store.js';
import { openRedis } from '../../src/store/redis.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime } from '../helpers/realtime.js';
import { TEST_REDIS_URL } from '../helpers/redis.js';
import { openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';

const FROM_CREDENTIALS =
  'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }';
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

  it('count a brand key revoked or added through one node on the other at once', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const admin = await passwordGrant(b.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const [platform] = await a.services.platformKeys.list('rsa');
    const signIn = async (projectId: string, signer: 'brand' | 'brand-other', userId: string) =>
      gql(a.app, FROM_CREDENTIALS, {
        p: projectId,
        c: await createCredentials({ userId, brandPrivateKey: privateKey(signer), platformPublicKey: platform?.publicKey as KeyObject }),
      });
    const addKey = (projectId: string, name: 'brand' | 'brand-other') =>
      gqlOk<{ brandKeyAdd: { brandKey: { id: string } } }>(
        b.app,
        'mutation($id: ID!, $key: String!) { brandKeyAdd(input: { projectId: $id, publicKey: $key }) { brandKey { id } } }',
        { id: projectId, key: readFileSync(keyPath(name, 'public'), 'utf8') },
        admin,
      );

    // Each project stays within the shared budget of 3 attempts: a sign-in that finds its key revoked since it was read verifies twice.
    const { projectId: revoked, brandKeyId } = await securedProject(b.app, admin, 'Revoked on b');
    await addKey(revoked, 'brand-other');
    expect((await signIn(revoked, 'brand', 'user-1')).errors).toBeUndefined(); // node a holds the project's keys now
    await gqlOk(b.app, 'mutation($id: ID!) { brandKeyRevoke(input: { id: $id }) { brandKey { id } } }', { id: brandKeyId }, admin);
    expect(errorName(await signIn(revoked, 'brand', 'user-2'))).toBe('SIGNATURE_INVALID');

    const added = (await securedProject(b.app, admin, 'Added on b')).projectId;
    expect((await signIn(added, 'brand', 'user-3')).errors).toBeUndefined();
    await addKey(added, 'brand-other');
    expect((await signIn(added, 'brand-other', 'user-4')).errors).toBeUndefined();
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
