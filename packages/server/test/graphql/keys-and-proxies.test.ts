import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';

const ANONYMOUSLY =
  'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid visitorSessionToken { accessToken } } }';
const SESSION = '{ visitorSession { vuid } }';

describe.each(DIALECTS)('platform keys through the API on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;

  const anonymous = async () =>
    (
      await gqlOk<{ visitorAuthenticateAnonymously: { vuid: string; visitorSessionToken: { accessToken: string } } }>(
        testApp.app,
        ANONYMOUSLY,
        { p: projectId },
      )
    ).visitorAuthenticateAnonymously.visitorSessionToken.accessToken;

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Keys" }) { project { id } } }',
      {},
      admin,
    );
    projectId = created.projectCreate.project.id;
  });
  afterAll(() => testApp.dispose());

  it('rotates the credentials key: JWKS current first, the old key still listed until retired, the current one never', async () => {
    type Keys = { platformKeys: { kid: string; current: boolean; pem: string; spki: string; jwk: Record<string, string> }[] };
    const before = await gqlOk<Keys>(testApp.app, '{ platformKeys { kid current pem spki jwk } }', {}, admin);
    const [first] = before.platformKeys;
    expect(first?.pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(first?.jwk).toMatchObject({ kty: 'RSA', kid: first?.kid, use: 'enc', alg: 'RSA-OAEP-256' });
    expect(first?.jwk).not.toHaveProperty('d');
    const rotated = await gqlOk<{ platformKeyRotate: { platformKey: { kid: string; current: boolean } } }>(
      testApp.app,
      'mutation { platformKeyRotate { platformKey { kid current } } }',
      {},
      admin,
    );
    const jwks = (await testApp.app.inject('/.well-known/jwks.json')).json() as { keys: { kid: string }[] };
    expect(jwks.keys.map((key) => key.kid)).toEqual([rotated.platformKeyRotate.platformKey.kid, first?.kid]);
    const retireCurrent = await gql(
      testApp.app,
      'mutation($kid: String!) { platformKeyRetire(input: { kid: $kid }) { platformKey { kid } } }',
      { kid: rotated.platformKeyRotate.platformKey.kid },
      admin,
    );
    expect(errorName(retireCurrent)).toBe('VALIDATION_FAILED');
    await gqlOk(
      testApp.app,
      'mutation($kid: String!) { platformKeyRetire(input: { kid: $kid }) { platformKey { kid } } }',
      { kid: first?.kid },
      admin,
    );
    const after = (await testApp.app.inject('/.well-known/jwks.json')).json() as { keys: { kid: string }[] };
    expect(after.keys.map((key) => key.kid)).toEqual([rotated.platformKeyRotate.platformKey.kid]);
  });

  it('rotates the session-signing key: old tokens stay valid until their key is retired', async () => {
    const oldToken = await anonymous();
    const oldKid = JSON.parse(Buffer.from(oldToken.split('.')[0] as string, 'base64url').toString()).kid as string;
    await gqlOk(testApp.app, 'mutation { platformKeyRotate(input: { kind: SESSION }) { platformKey { kid } } }', {}, admin);
    const newToken = await anonymous();
    expect(JSON.parse(Buffer.from(newToken.split('.')[0] as string, 'base64url').toString()).kid).not.toBe(oldKid);
    expect((await gql(testApp.app, SESSION, {}, oldToken)).errors).toBeUndefined();
    await gqlOk(
      testApp.app,
      'mutation($kid: String!) { platformKeyRetire(input: { kid: $kid }) { platformKey { kid } } }',
      { kid: oldKid },
      admin,
    );
    expect(errorName(await gql(testApp.app, SESSION, {}, oldToken))).toBe('VISITOR_SESSION_EXPIRED');
    expect((await gql(testApp.app, SESSION, {}, newToken)).errors).toBeUndefined();
  });
});

describe('client IP for the rate limit', () => {
  const attempts = async (testApp: TestApp, forwardedFor: readonly string[]) => {
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    const created = await gqlOk<{ projectCreate: { project: { id: string } } }>(
      testApp.app,
      'mutation { projectCreate(input: { name: "Limits" }) { project { id } } }',
      {},
      admin,
    );
    const names: (string | undefined)[] = [];
    for (const ip of forwardedFor) {
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': ip },
        payload: { query: ANONYMOUSLY, variables: { p: created.projectCreate.project.id } },
      });
      names.push((response.json() as { errors?: { extensions: { name: string } }[] }).errors?.[0]?.extensions.name);
    }
    return names;
  };

  it('is the socket address unless PARLEY_TRUST_PROXY says otherwise', async () => {
    const direct = await openTestApp('sqlite', { env: { ...ADMIN_ENV, PARLEY_AUTH_RATE_LIMIT: '2' } });
    // X-Forwarded-For is ignored: all three attempts come from 10.0.0.1.
    expect(await attempts(direct, ['198.51.100.1', '198.51.100.1', '198.51.100.2'])).toEqual([undefined, undefined, 'RATE_LIMITED']);
    await direct.dispose();
    const proxied = await openTestApp('sqlite', { env: { ...ADMIN_ENV, PARLEY_AUTH_RATE_LIMIT: '2', PARLEY_TRUST_PROXY: 'true' } });
    expect(await attempts(proxied, ['198.51.100.1', '198.51.100.1', '198.51.100.2'])).toEqual([undefined, undefined, undefined]);
    await proxied.dispose();
    // One trusted hop: the address the proxy appended counts, not what the client wrote before it.
    const oneHop = await openTestApp('sqlite', { env: { ...ADMIN_ENV, PARLEY_AUTH_RATE_LIMIT: '2', PARLEY_TRUST_PROXY: '1' } });
    const spoofed = ['203.0.113.50, 198.51.100.1', '203.0.113.51, 198.51.100.1', '203.0.113.52, 198.51.100.1'];
    expect(await attempts(oneHop, spoofed)).toEqual([undefined, undefined, 'RATE_LIMITED']);
    await oneHop.dispose();
  });
});

describe('GraphiQL', () => {
  it('is served only when NODE_ENV=development', async () => {
    const production = await openTestApp('sqlite');
    expect((await production.app.inject('/graphiql')).statusCode).toBe(404);
    await production.dispose();
    const development = await openTestApp('sqlite', { env: { NODE_ENV: 'development' } });
    expect((await development.app.inject('/graphiql')).statusCode).toBe(200);
    await development.dispose();
  });
});
