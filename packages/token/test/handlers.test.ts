import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactDecrypt } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeTokenHandler, createWebTokenHandler } from '../src/index.js';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const brand = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keys = { brandPrivateKey: brand.privateKey, platformPublicKey: platform.publicKey };

async function userIdIn(token: string): Promise<string> {
  const { plaintext } = await compactDecrypt(token, platform.privateKey);
  const payload = new TextDecoder().decode(plaintext).split('.')[1] as string;
  return JSON.parse(Buffer.from(payload, 'base64url').toString())['https://iadvize.com/userId'];
}

describe('Web Request/Response handler', () => {
  const handler = createWebTokenHandler({
    ...keys,
    getSignedInUser: (request) =>
      request.headers.get('cookie') === 'session=ada' ? { userId: 'ada', visitorData: { firstName: 'Ada' } } : null,
    onError: () => {},
  });

  it('answers { token, expiresIn } for the signed-in user, never cached', async () => {
    const response = await handler(
      new Request('https://brand.example/parley-token', { method: 'POST', headers: { cookie: 'session=ada' } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { token: string; expiresIn: number };
    expect(body.expiresIn).toBe(60);
    expect(await userIdIn(body.token)).toBe('ada');
  });

  it('answers 401 when nobody is signed in, and 405 to anything but POST', async () => {
    const anonymous = await handler(new Request('https://brand.example/parley-token', { method: 'POST' }));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('cache-control')).toBe('no-store');
    const get = await handler(new Request('https://brand.example/parley-token'));
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('answers a bare 500 when the callback fails, and reports the error to the brand', async () => {
    const errors: unknown[] = [];
    const failing = createWebTokenHandler({
      ...keys,
      getSignedInUser: () => Promise.reject(new Error('session store down')),
      onError: (e) => errors.push(e),
    });
    const response = await failing(new Request('https://brand.example/t', { method: 'POST' }));
    expect(response.status).toBe(500);
    expect(await response.text()).not.toMatch(/session store/);
    expect(errors).toHaveLength(1);
  });

  it('fails at creation, not on the first visitor, when a key is wrong', () => {
    expect(() => createWebTokenHandler({ ...keys, brandPrivateKey: brand.publicKey, getSignedInUser: () => null })).toThrow(
      /brandPrivateKey is a public key/,
    );
  });
});

describe('node:http / Express handler', () => {
  const handler = createNodeTokenHandler<IncomingMessage>({
    ...keys,
    getSignedInUser: (request) => (request.headers.authorization === 'Bearer ada' ? 'ada' : undefined),
  });
  const server = createServer((request, response) => void handler(request, response));
  const listening = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/token`)),
  );
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('serves tokens over real HTTP', async () => {
    const url = await listening;
    const ok = await fetch(url, { method: 'POST', headers: { authorization: 'Bearer ada' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await userIdIn(((await ok.json()) as { token: string }).token)).toBe('ada');
    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    expect((await fetch(url)).status).toBe(405);
  });
});
