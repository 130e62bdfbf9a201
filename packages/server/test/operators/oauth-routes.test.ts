import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens, LoginLimiter, Operators, oauthRoutes, ProjectApiKeys } from '../../src/operators/index.js';
import { Projects } from '../../src/projects/projects.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';
import { countingHasher, testClock } from './helpers.js';

const PASSWORD = 'a long enough password';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe.each(DIALECTS)('POST /oauth2/token on %s', (dialect) => {
  let testStore: TestStore;
  let app: FastifyInstance;
  let tokens: AccessTokens;
  let client: { clientId: string; clientSecret: string };
  let projectId: string;
  const clock = testClock();
  /** The sign-in limits, in real time: a test that needs a fresh minute starts a new limiter. */
  let limiter = new LoginLimiter();
  let ids = 0;
  let ip = 0;
  /** Each test speaks from its own address so the per-IP limit only matters where a test wants it. */
  const nextIp = () => `192.0.2.${++ip}`;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    const deps = { store: testStore.store, now: clock.now, newId: () => `id-${++ids}` };
    const operators = new Operators({ ...deps, passwords: countingHasher() });
    const apiKeys = new ProjectApiKeys(deps);
    tokens = new AccessTokens(deps);
    await operators.create({ email: 'agent@example.com', password: PASSWORD, role: 'agent' });
    const disabled = await operators.create({ email: 'gone@example.com', password: PASSWORD, role: 'agent' });
    await operators.update(disabled.id, { disabled: true });
    projectId = (await new Projects(deps).create('Brand')).id;
    client = await apiKeys.create(projectId);
    app = Fastify({ logger: false });
    await app.register(
      oauthRoutes({
        operators,
        apiKeys,
        accessTokens: tokens,
        limiter: { check: (address, username) => limiter.check(address, username) },
      }),
    );
  });
  afterAll(async () => {
    await app.close();
    await testStore.dispose();
  });

  const post = (payload: string | Record<string, unknown>, headers: Record<string, string> = FORM, remoteAddress = nextIp()) =>
    app.inject({ method: 'POST', url: '/oauth2/token', payload, headers, remoteAddress });

  const expectOAuthError = (response: Awaited<ReturnType<typeof post>>, status: number, error: string) => {
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error, error_description: expect.any(String) });
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toContain(PASSWORD);
    expect(response.body).not.toContain(client.clientSecret);
  };

  it('grants an operator bearer for the right password, as a form or as JSON', async () => {
    const response = await post(form({ grant_type: 'password', username: 'Agent@Example.com', password: PASSWORD }));
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers.pragma).toBe('no-cache');
    const body = response.json() as { access_token: string };
    expect(body).toEqual({ access_token: expect.stringMatching(/^prl_op_/), token_type: 'Bearer', expires_in: 86400 });
    expect(await tokens.resolve(body.access_token)).toMatchObject({ kind: 'operator', email: 'agent@example.com', role: 'agent' });

    const json = await post({ grant_type: 'password', username: 'agent@example.com', password: PASSWORD }, {});
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
  });

  it('answers the same invalid_grant for a wrong password, an unknown user and a disabled account', async () => {
    const answers = [
      await post(form({ grant_type: 'password', username: 'agent@example.com', password: `${PASSWORD}!` })),
      await post(form({ grant_type: 'password', username: 'nobody@example.com', password: PASSWORD })),
      await post(form({ grant_type: 'password', username: 'gone@example.com', password: PASSWORD })),
    ];
    for (const answer of answers) expectOAuthError(answer, 400, 'invalid_grant');
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
  });

  it('grants an API bearer for client credentials in the body or by HTTP Basic', async () => {
    const inBody = await post(form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }));
    expect(inBody.statusCode).toBe(200);
    const bearer = (inBody.json() as { access_token: string }).access_token;
    expect(bearer).toMatch(/^prl_api_/);
    expect(await tokens.resolve(bearer)).toEqual({ kind: 'apiKey', apiKeyId: client.clientId, projectId });

    const byBasic = await post(form({ grant_type: 'client_credentials' }), {
      ...FORM,
      authorization: basic(client.clientId, client.clientSecret),
    });
    expect(byBasic.statusCode).toBe(200);
    expect(byBasic.json()).toEqual({ access_token: expect.stringMatching(/^prl_api_/), token_type: 'Bearer', expires_in: 86400 });
    expect(byBasic.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 invalid_client with a Basic challenge for bad client credentials', async () => {
    const wrongSecret = await post(
      form({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'prl_secret_nope' }),
    );
    expectOAuthError(wrongSecret, 401, 'invalid_client');
    expect(wrongSecret.headers['www-authenticate']).toMatch(/^Basic realm=/);
    const wrongBasic = await post(form({ grant_type: 'client_credentials' }), { ...FORM, authorization: basic(client.clientId, 'nope') });
    expectOAuthError(wrongBasic, 401, 'invalid_client');
    expect(wrongBasic.headers['www-authenticate']).toMatch(/^Basic/);
    const unknown = await post(form({ grant_type: 'client_credentials', client_id: 'prl_client_x', client_secret: client.clientSecret }));
    expectOAuthError(unknown, 401, 'invalid_client');
    expectOAuthError(await post(form({ grant_type: 'client_credentials' })), 401, 'invalid_client');
    expectOAuthError(
      await post(form({ grant_type: 'client_credentials' }), { ...FORM, authorization: 'Basic !!!' }),
      401,
      'invalid_client',
    );
  });

  it('answers unsupported_grant_type and invalid_request for missing, repeated or mistyped parameters', async () => {
    expectOAuthError(await post(form({ grant_type: 'authorization_code', code: 'x' })), 400, 'unsupported_grant_type');
    expectOAuthError(await post(form({ username: 'agent@example.com', password: PASSWORD })), 400, 'invalid_request');
    expectOAuthError(await post(form({ grant_type: 'password', username: 'agent@example.com' })), 400, 'invalid_request');
    expectOAuthError(await post(form({ grant_type: 'password', username: '', password: PASSWORD })), 400, 'invalid_request');
    expectOAuthError(await post(form({ grant_type: 'client_credentials', client_id: client.clientId })), 400, 'invalid_request');
    expectOAuthError(await post(`grant_type=password&username=a%40b.c&password=x&password=${PASSWORD}`), 400, 'invalid_request');
    expectOAuthError(
      await post({ grant_type: 'password', username: ['agent@example.com'], password: PASSWORD }, {}),
      400,
      'invalid_request',
    );
    expectOAuthError(await post('{"grant_type":', { 'content-type': 'application/json' }), 400, 'invalid_request');
    expectOAuthError(await post('grant_type=password', { 'content-type': 'text/plain' }), 400, 'invalid_request');
    const both = await post(form({ grant_type: 'client_credentials', client_secret: client.clientSecret }), {
      ...FORM,
      authorization: basic(client.clientId, client.clientSecret),
    });
    expectOAuthError(both, 400, 'invalid_request');
    const mismatched = await post(form({ grant_type: 'client_credentials', client_id: 'prl_client_other' }), {
      ...FORM,
      authorization: basic(client.clientId, client.clientSecret),
    });
    expectOAuthError(mismatched, 400, 'invalid_request');
  });

  it('refuses the 11th attempt in a minute for one user with 429 and Retry-After, even with the right password', async () => {
    limiter = new LoginLimiter(); // earlier tests spent some of this user's attempts
    const attempt = () => post(form({ grant_type: 'password', username: 'agent@example.com', password: `wrong ${PASSWORD}` }));
    for (let i = 0; i < 10; i++) expect((await attempt()).statusCode).toBe(400);
    const limited = await post(form({ grant_type: 'password', username: 'AGENT@example.com', password: PASSWORD }));
    expectOAuthError(limited, 429, 'too_many_requests');
    expect(limited.headers['retry-after']).toBe('60');
    limiter = new LoginLimiter(); // the next minute (login-limiter.test.ts tests when it begins)
    expect((await post(form({ grant_type: 'password', username: 'agent@example.com', password: PASSWORD }))).statusCode).toBe(200);
  });

  it('limits one IP to 100 attempts a minute across users and clients', async () => {
    limiter = new LoginLimiter();
    const address = '198.51.100.9';
    for (let i = 0; i < 100; i++) {
      const response = await post(
        form({ grant_type: 'client_credentials', client_id: `prl_client_${i}`, client_secret: 'x' }),
        FORM,
        address,
      );
      expect(response.statusCode).toBe(401);
    }
    const limited = await post(form({ grant_type: 'password', username: 'agent@example.com', password: PASSWORD }), FORM, address);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post(form({ grant_type: 'password', username: 'agent@example.com', password: PASSWORD }))).statusCode).toBe(200);
  });
});
