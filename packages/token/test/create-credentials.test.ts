import { generateKeyPairSync } from 'node:crypto';
import { verifyCredentials } from '@parley/server';
import { compactDecrypt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { createCredentials, TokenInputError } from '../src/index.js';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const brand = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NOW = 1_767_225_600;
const base = { userId: 'user-42', brandPrivateKey: brand.privateKey, platformPublicKey: platform.publicKey, issuedAt: NOW };
const verify = (credentials: string) =>
  verifyCredentials({
    credentials,
    now: NOW,
    platformKeys: [{ kid: 'p', privateKey: platform.privateKey }],
    policy: {
      acceptedIssuers: ['https://livechat.iadvize.com'],
      maxTokenLifetimeSeconds: 60,
      brandKeys: [{ id: 'b', kid: 'b', publicKey: brand.publicKey }],
    },
  });

async function innerOf(jwe: string) {
  const { plaintext } = await compactDecrypt(jwe, platform.privateKey);
  const [header, payload] = new TextDecoder().decode(plaintext).split('.') as [string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()),
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()),
  };
}

describe('createCredentials', () => {
  it('makes credentials the platform accepts, exactly as spec §2', async () => {
    const jwe = await createCredentials({ ...base, visitorData: { firstName: 'Ada', email: 'ada@example.com' } });
    expect(decodeProtectedHeader(jwe)).toEqual({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' });
    const { header, claims } = await innerOf(jwe);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(claims).toMatchObject({ iss: 'https://livechat.iadvize.com', iat: NOW, exp: NOW + 60, 'https://iadvize.com/userId': 'user-42' });
    expect(Buffer.from(claims.jti, 'base64url')).toHaveLength(16);
    expect(verify(jwe)).toMatchObject({
      ok: true,
      credentials: { userId: 'user-42', visitorData: { firstName: 'Ada', email: 'ada@example.com' } },
    });
  });

  it('sets a fresh random jti every time', async () => {
    const jtis = await Promise.all([1, 2, 3].map(async () => (await innerOf(await createCredentials(base))).claims.jti));
    expect(new Set(jtis).size).toBe(3);
  });

  it('puts the key ids where spec §2.1 says, and honours issuer and lifetime', async () => {
    const jwe = await createCredentials({
      ...base,
      brandKeyId: 'brand-1',
      platformKeyId: 'platform-1',
      issuer: 'https://auth.brand.example',
      lifetimeSeconds: 30,
    });
    expect(decodeProtectedHeader(jwe).kid).toBe('platform-1');
    const { header, claims } = await innerOf(jwe);
    expect(header.kid).toBe('brand-1');
    expect(claims).toMatchObject({ iss: 'https://auth.brand.example', exp: NOW + 30 });
  });

  it.each([
    ['a missing userId', { userId: undefined }, 'USER_ID_INVALID', /userId is required/],
    ['an empty userId', { userId: '' }, 'USER_ID_INVALID', /userId is required/],
    ['a 256-character userId', { userId: 'x'.repeat(256) }, 'USER_ID_INVALID', /longer than 255/],
    [
      'a public key as the brand private key',
      { brandPrivateKey: brand.publicKey },
      'PUBLIC_KEY_WHERE_PRIVATE_EXPECTED',
      /brandPrivateKey is a public key/,
    ],
    [
      'a 1024-bit brand key',
      { brandPrivateKey: generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey },
      'KEY_TOO_SMALL',
      /1024-bit/,
    ],
    ['visitorData that is not an object', { visitorData: 'Ada' }, 'VISITOR_DATA_INVALID', /visitorData must be an object/],
    ['a visitorData field too long', { visitorData: { city: 'x'.repeat(256) } }, 'VISITOR_DATA_INVALID', /visitorData.city/],
    ['a zero lifetime', { lifetimeSeconds: 0 }, 'OPTION_INVALID', /lifetimeSeconds/],
  ])('throws a named error for %s', async (_case, override, code, message) => {
    const error = await createCredentials({ ...base, ...(override as object) } as typeof base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenInputError);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });
});
