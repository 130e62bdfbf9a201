import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createServices, type Services } from '../../src/services.js';
import { SessionTokens } from '../../src/sessions/session-tokens.js';
import { openStore } from '../../src/store/open-store.js';
import { gql, gqlOk } from '../helpers/graphql.js';
import { openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';

const ANONYMOUSLY =
  'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }';
const SESSION = '{ visitorSession { vuid } }';

/**
 * Issue 13, finding 9: nodes of one installation on other ports, without PARLEY_PUBLIC_URL, accept
 * each other's visitor tokens (the issuer is the installation's id, not a URL made of the port).
 */
describe('the visitor token issuer across nodes', () => {
  let testStore: TestStore;
  const nodes: { app: Awaited<ReturnType<typeof buildApp>>; services: Services; close(): Promise<void> }[] = [];

  beforeAll(async () => {
    testStore = await openTestStore('postgres');
    for (const port of ['8081', '8082']) {
      const store =
        nodes.length === 0
          ? testStore.store
          : await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: '/nonexistent', schema: testStore.schema as string });
      const config = loadConfig({ PARLEY_PORT: port, PARLEY_SECRET: 'a-long-enough-test-secret', DATABASE_URL: TEST_DATABASE_URL });
      const services = await createServices({ config, store, passwordCost: 2 ** 10 });
      const app = await buildApp(config, services);
      const first = nodes.length === 0;
      nodes.push({
        app,
        services,
        async close() {
          await app.close();
          await services.close();
          if (!first) await store.close();
        },
      });
    }
  }, 60_000); // two nodes, each making its platform keys: slow on a loaded machine
  afterAll(async () => {
    for (const node of nodes) await node.close();
    await testStore.dispose();
  });

  it('accept each other’s visitor tokens whatever their ports, and tokens signed with the old issuer', async () => {
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const project = await a.services.projects.create('Two ports');
    const activated = await gqlOk<{ visitorAuthenticateAnonymously: { vuid: string; visitorSessionToken: { accessToken: string } } }>(
      a.app,
      ANONYMOUSLY,
      { p: project.id },
    );
    const token = activated.visitorAuthenticateAnonymously.visitorSessionToken.accessToken;
    for (const node of [a, b]) {
      const answer = await gql<{ visitorSession: { vuid: string } }>(node.app, SESSION, {}, token);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.visitorSession.vuid).toBe(activated.visitorAuthenticateAnonymously.vuid);
    }
    expect(decodeJwt(token).iss).toMatch(/^urn:parley:installation:[0-9a-f-]{36}$/);

    // A token node A signed before the upgrade carries its public URL as issuer; it keeps working there.
    const claims = decodeJwt(token);
    const legacy = await new SessionTokens(a.services.platformKeys, 'http://localhost:8081').sign({
      sid: claims.sid as string,
      audience: 'parley:visitor',
      projectId: project.id,
      vuid: activated.visitorAuthenticateAnonymously.vuid,
      profileId: claims['https://iadvize.com/visitorProfileId'] as string,
      authenticated: false,
      issuedAt: claims.iat as number,
      expiresAt: claims.exp as number,
    });
    expect((await gql(a.app, SESSION, {}, legacy)).errors).toBeUndefined();
  });
});
