// The integration guide's brand backends (docs/samples/), run as the guide says to run them:
// their printed credentials must pass the server's own verification for the user they name.
import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyCredentials } from '@parley/server';
import { keyPath, privateKey, publicKey } from '@parley/test-vectors';
import { beforeAll, describe, expect, it } from 'vitest';
import { liveServerForFile } from '../fixtures/live-server.js';
import { exec, PERL, PYTHON, sample, startProcess, tempDir } from './helpers/parley.js';

const USER_ID = 'élodie-42'; // not ASCII: every sample must keep it as written
const VISITOR_DATA = { firstName: 'Zoë', email: 'zoe@example.com' };

const BACKENDS = [
  // Plain node: the sample imports @parley/token as built by `npm ci`, as a brand's backend would.
  { name: 'Node (@parley/token)', command: process.execPath, script: sample('node/token.mjs') },
  { name: 'Python (jwcrypto)', command: PYTHON, script: sample('python/parley_token.py') },
  { name: 'Perl (Crypt::JWT)', command: PERL, script: sample('perl/token.pl') },
] as const;

type Backend = (typeof BACKENDS)[number];

/** Runs a sample as the guide does: key files in the environment, the user on the command line; answers stdout. */
async function mint(backend: Backend, env: Record<string, string>, userId = USER_ID, visitorData: object | null = VISITOR_DATA) {
  const args = [backend.script, userId, ...(visitorData ? [JSON.stringify(visitorData)] : [])];
  const { stdout } = await exec(backend.command, args, { env: { ...process.env, ...env } });
  expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\n$/); // the JWE alone, one line
  return stdout.trim();
}

/** The test-vector platform key as the JWKS Parley publishes it. */
function vectorJwks(kid: string): string {
  const file = join(tempDir(), 'jwks.json');
  const jwk = createPublicKey(readFileSync(keyPath('platform', 'public'), 'utf8')).export({ format: 'jwk' });
  writeFileSync(file, JSON.stringify({ keys: [{ ...jwk, kid, use: 'enc', alg: 'RSA-OAEP-256' }] }));
  return file;
}

const verify = (credentials: string) =>
  verifyCredentials({
    credentials,
    now: Math.floor(Date.now() / 1000),
    platformKeys: [{ kid: 'platform-2026', privateKey: privateKey('platform') }],
    policy: {
      acceptedIssuers: ['https://livechat.iadvize.com'],
      maxTokenLifetimeSeconds: 60,
      brandKeys: [{ id: 'brand', kid: 'brand-2026', publicKey: publicKey('brand') }],
    },
  });

describe.each(BACKENDS)('$name sample', (backend) => {
  it('makes credentials that verify, with the documented headers and claims (platform key from a JWKS)', async () => {
    const env = {
      BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'),
      PLATFORM_KEY_FILE: vectorJwks('platform-2026'),
      BRAND_KEY_ID: 'brand-2026',
    };
    const result = verify(await mint(backend, env));
    expect(result.ok ? null : result.reason).toBeNull();
    expect(result.jweHeader).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT', kid: 'platform-2026' });
    expect(result.jwsHeader).toMatchObject({ alg: 'RS256', kid: 'brand-2026' });
    const claims = result.claims as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: 'https://livechat.iadvize.com',
      'https://iadvize.com/userId': USER_ID,
      'https://iadvize.com/visitorData': VISITOR_DATA,
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(60);
    expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(30);
    expect(String(claims.jti)).toMatch(/^[\w-]{22,}$/); // 128 random bits, base64url
    expect(result.ok && result.credentials).toMatchObject({ userId: USER_ID, platformKeyId: 'platform-2026', brandKeyId: 'brand-2026' });
  });

  it('takes the platform key as PEM too, without kids, and never mints the same token twice', async () => {
    const env = { BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'), PLATFORM_KEY_FILE: keyPath('platform', 'public') };
    const [first, second] = await Promise.all([mint(backend, env, 'user-7', null), mint(backend, env, 'user-7', null)]);
    for (const token of [first, second]) {
      const result = verify(token);
      expect(result.ok ? null : result.reason).toBeNull();
      expect(result.jweHeader?.kid).toBeUndefined();
      expect(result.jwsHeader?.kid).toBeUndefined();
      expect(result.claims?.['https://iadvize.com/visitorData']).toBeUndefined();
      expect(result.ok && result.credentials.userId).toBe('user-7');
    }
    expect(verify(first).claims?.jti).not.toBe(verify(second).claims?.jti);
  });
});

describe('samples against a running server', () => {
  const parley = liveServerForFile();
  let jwks: string;
  beforeAll(async () => {
    jwks = await parley.jwksFile();
  });

  it.each(BACKENDS)('$name: the server signs the visitor in as the user the sample named', async (backend) => {
    const env = { BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'), PLATFORM_KEY_FILE: jwks };
    const visitor = await parley.signIn(parley.projectId, await mint(backend, env));
    expect(visitor).toMatchObject({ authenticated: true, userId: USER_ID });
    const [event] = (
      await parley.ok<{ authenticationEvents: { edges: { node: { outcome: string; platformKeyId: string; userId: string } }[] } }>(
        'query($p: ID!) { authenticationEvents(projectId: $p, first: 1) { edges { node { outcome platformKeyId userId } } } }',
        { p: parley.projectId },
      )
    ).authenticationEvents.edges;
    const [current] = (await parley.services.platformKeys.list('rsa')) ?? [];
    expect(event?.node).toEqual({ outcome: 'SUCCESS', platformKeyId: current?.kid, userId: USER_ID });
  });

  it('token endpoint (node:http + createNodeTokenHandler): 401 and no-store when signed out, credentials when signed in', async () => {
    const endpoint = await startProcess(
      process.execPath,
      [sample('node/token-endpoint.mjs')],
      { BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'), PLATFORM_KEY_FILE: jwks, PORT: '0', SAMPLE_SIGN_IN: '1' },
      /token endpoint on (http:\/\/\S+)\/parley-token/,
    );
    const base = endpoint.match[1];
    try {
      const signedOut = await fetch(`${base}/parley-token`, { method: 'POST' });
      expect(signedOut.status).toBe(401);
      expect(signedOut.headers.get('cache-control')).toBe('no-store');
      expect((await fetch(`${base}/parley-token`)).status).toBe(405);

      const signIn = await fetch(`${base}/sign-in`, { method: 'POST', body: new URLSearchParams({ user: 'ada-1' }), redirect: 'manual' });
      const cookie = signIn.headers.get('set-cookie')?.split(';')[0] ?? '';
      expect(cookie).toMatch(/^session=/);
      const answer = await fetch(`${base}/parley-token`, { method: 'POST', headers: { cookie } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const body = (await answer.json()) as { token: string; expiresIn: number };
      expect(body.expiresIn).toBe(60);
      expect(await parley.signIn(parley.projectId, body.token)).toMatchObject({ authenticated: true, userId: 'ada-1' });

      const signOut = await fetch(`${base}/sign-out`, { method: 'POST', headers: { cookie }, redirect: 'manual' });
      expect(signOut.status).toBe(303);
      expect((await fetch(`${base}/parley-token`, { method: 'POST', headers: { cookie } })).status).toBe(401);
    } finally {
      await endpoint.stop();
    }
  });

  it('back-channel logout (client_credentials + visitorSessionsRevoke) ends the user on every device', async () => {
    const env = { BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'), PLATFORM_KEY_FILE: jwks };
    const phone = await parley.signIn(parley.projectId, await mint(BACKENDS[0], env, 'grace-9', null));
    const laptop = await parley.signIn(parley.projectId, await mint(BACKENDS[1], env, 'grace-9', null));
    const other = await parley.signIn(parley.projectId, await mint(BACKENDS[2], env, 'someone-else', null));
    const key = await parley.apiKey(parley.projectId);
    const { stdout } = await exec(process.execPath, [sample('node/revoke-sessions.mjs'), 'grace-9'], {
      env: {
        ...process.env,
        PARLEY_URL: parley.url,
        PARLEY_PROJECT_ID: parley.projectId,
        PARLEY_CLIENT_ID: key.clientId,
        PARLEY_CLIENT_SECRET: key.clientSecret,
      },
    });
    expect(stdout.trim()).toBe('2 session(s) of grace-9 ended');
    for (const device of [phone, laptop]) {
      const answer = await parley.gql('{ visitorSession { userId } }', {}, device.token);
      expect(answer.errors?.[0]?.extensions.name).toBe('VISITOR_SESSION_EXPIRED');
    }
    expect((await parley.ok('{ visitorSession { userId } }', {}, other.token)).visitorSession).toEqual({ userId: 'someone-else' });
  });
});
