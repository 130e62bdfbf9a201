import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, fetchGql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { connectRealtime, type RealtimeClient } from '../helpers/realtime.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const BRAND = 'https://www.brand.example';
const SHOP = 'https://shop.brand.example:8443';
const FOREIGN = 'https://evil.example';

const ANONYMOUSLY = /* GraphQL */ `
  mutation($projectId: ID!) {
    visitorAuthenticateAnonymously(input: { projectId: $projectId }) { vuid visitorSessionToken { accessToken } transferRedeemed }
  }`;
const FROM_CREDENTIALS = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!) {
    visitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) {
      vuid visitorSessionToken { accessToken } transferRedeemed
    }
  }`;

type AnonymousAnswer = { visitorAuthenticateAnonymously: { vuid: string; visitorSessionToken: { accessToken: string } } };

describe.each(DIALECTS)('CORS and origin pinning over HTTP on %s', (dialect) => {
  let testApp: TestApp;
  let url: string;
  let admin: string;
  /** allowedOrigins [BRAND, SHOP]. */
  let pinned: string;
  /** No allowedOrigins: any origin. */
  let open: string;
  const clients: RealtimeClient[] = [];

  const anonymous = (projectId: string, origin: string | null) => fetchGql<AnonymousAnswer>(url, ANONYMOUSLY, { projectId }, { origin });
  const tokenOf = (answer: { data: AnonymousAnswer | null }) =>
    answer.data?.visitorAuthenticateAnonymously.visitorSessionToken.accessToken ?? '';
  const connect = async (token: string, origin?: string) => {
    const client = await connectRealtime(url, token, origin ? { origin } : {});
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    url = await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId: pinned } = await securedProject(testApp.app, admin, 'Pinned shop'));
    await gqlOk(
      testApp.app,
      'mutation($p: ID!, $o: [String!]) { projectUpdateAuthentication(input: { projectId: $p, allowedOrigins: $o }) { project { id } } }',
      { p: pinned, o: [BRAND, SHOP] },
      admin,
    );
    ({ projectId: open } = await securedProject(testApp.app, admin, 'Open shop'));
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await testApp.dispose();
  });

  it('answers a /graphql preflight from any origin: POST, GET, OPTIONS; content-type and authorization; 10 minutes; no credentials', async () => {
    for (const origin of [BRAND, FOREIGN, 'http://localhost:3000']) {
      const response = await fetch(`${url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toBe('POST, GET, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe('content-type, authorization');
      expect(response.headers.get('access-control-max-age')).toBe('600');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    // The answer itself is readable by the page, errors (a 401 bearer refusal included) as well.
    const answer = await fetchGql(url, '{ __typename }', {}, { origin: FOREIGN });
    expect(answer.data).toEqual({ __typename: 'Query' });
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const refused = await fetchGql(url, '{ projects { totalCount } }', {}, { origin: FOREIGN, bearer: 'prl_op_forged' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('keeps CORS off the other routes: /oauth2/token answers no preflight and no CORS header', async () => {
    const preflight = await fetch(`${url}/oauth2/token`, {
      method: 'OPTIONS',
      headers: { origin: BRAND, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const token = await fetch(`${url}/oauth2/token`, {
      method: 'POST',
      headers: { origin: BRAND, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'password', username: 'nobody@example.com', password: 'wrong password' }),
    });
    expect(token.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an anonymous activation from an origin the project does not list, saying where to list it', async () => {
    for (const origin of [FOREIGN, 'null', 'https://www.brand.example:444', 'http://www.brand.example']) {
      const refused = await anonymous(pinned, origin);
      expect(errorName(refused)).toBe('PERMISSION_DENIED');
      expect(refused.errors?.[0]?.extensions.retryPolicy).toBe('NO_RETRY');
      expect(refused.errors?.[0]?.message).toContain(`origin "${origin}" is not allowed for this project`);
      expect(refused.errors?.[0]?.message).toContain('allowedOrigins (projectUpdateAuthentication)');
      expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    }
    for (const origin of [BRAND, SHOP, null]) expect((await anonymous(pinned, origin)).errors).toBeUndefined();
    // Without a list, any origin.
    for (const origin of [FOREIGN, BRAND, null]) expect((await anonymous(open, origin)).errors).toBeUndefined();
  });

  it('refuses credentials from an unlisted origin before reading them: the same credentials then work from a listed one', async () => {
    const credentials = await brandCredentials(testApp.services, { userId: 'pinned-user' });
    const refused = await fetchGql(url, FROM_CREDENTIALS, { projectId: pinned, credentials }, { origin: FOREIGN });
    expect(errorName(refused)).toBe('PERMISSION_DENIED');
    expect(refused.errors?.[0]?.message).toContain(`origin "${FOREIGN}" is not allowed`);
    const accepted = await fetchGql<{ visitorAuthenticateFromCredentials: { transferRedeemed: boolean } }>(
      url,
      FROM_CREDENTIALS,
      { projectId: pinned, credentials },
      { origin: SHOP },
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.visitorAuthenticateFromCredentials.transferRedeemed).toBe(false);
    const serverSide = await brandCredentials(testApp.services, { userId: 'pinned-user' });
    expect((await fetchGql(url, FROM_CREDENTIALS, { projectId: pinned, credentials: serverSide })).errors).toBeUndefined();
    const elsewhere = await brandCredentials(testApp.services, { userId: 'open-user' });
    expect(
      (await fetchGql(url, FROM_CREDENTIALS, { projectId: open, credentials: elsewhere }, { origin: FOREIGN })).errors,
    ).toBeUndefined();
  });

  it('closes a visitor socket upgraded from an unlisted origin with 4403 after authentication', async () => {
    const token = tokenOf(await anonymous(pinned, BRAND));
    const foreign = await connect(token, FOREIGN);
    expect(await foreign.closed).toEqual({ code: 4403, reason: "PERMISSION_DENIED: origin not in the project's allowedOrigins" });
    expect(foreign.frames).toEqual([]);
    for (const origin of [BRAND, SHOP, undefined])
      expect(await (await connect(token, origin)).next('ready')).toMatchObject({ role: 'visitor' });
    const anywhere = tokenOf(await anonymous(open, null));
    expect(await (await connect(anywhere, FOREIGN)).next('ready')).toMatchObject({ role: 'visitor' });
  });

  it('pins origins as soon as the list changes, and lifts the pin when it is emptied', async () => {
    const token = tokenOf(await anonymous(open, FOREIGN));
    const setOrigins = (origins: string[]) =>
      gqlOk(
        testApp.app,
        'mutation($p: ID!, $o: [String!]) { projectUpdateAuthentication(input: { projectId: $p, allowedOrigins: $o }) { project { id } } }',
        { p: open, o: origins },
        admin,
      );
    await setOrigins([BRAND]);
    expect(errorName(await anonymous(open, FOREIGN))).toBe('PERMISSION_DENIED');
    expect((await (await connect(token, FOREIGN)).closed).code).toBe(4403);
    await setOrigins([]);
    expect((await anonymous(open, FOREIGN)).errors).toBeUndefined();
  });
});
