import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import { describe, expect, it } from 'vitest';
import { keyId, loadPublicKey, ownKid, thumbprintOf } from '../src/index.js';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicJwk = pair.publicKey.export({ format: 'jwk' });
const spkiPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;

describe('key ids', () => {
  it('computes the RFC 7638 thumbprint of the public part, whichever half it is given', async () => {
    const expected = await calculateJwkThumbprint({ kty: 'RSA', n: publicJwk.n as string, e: publicJwk.e as string });
    expect(await thumbprintOf(pair.publicKey)).toBe(expected);
    expect(await thumbprintOf(pair.privateKey)).toBe(expected);
    expect(expected).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches the RFC 7638 §3.1 example', async () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    expect(await thumbprintOf(key)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it("takes the JWK's own kid, else the thumbprint", async () => {
    const thumbprint = await thumbprintOf(pair.publicKey);
    const labelled = { ...publicJwk, kid: 'brand-2026' };
    expect(await keyId(JSON.stringify(labelled), loadPublicKey(JSON.stringify(labelled)))).toBe('brand-2026');
    expect(await keyId(labelled, pair.publicKey)).toBe('brand-2026');
    expect(await keyId(spkiPem, loadPublicKey(spkiPem))).toBe(thumbprint);
    expect(await keyId(JSON.stringify({ ...publicJwk, kid: '' }), pair.publicKey)).toBe(thumbprint);
    expect(await keyId(JSON.stringify({ ...publicJwk, kid: 7 }), pair.publicKey)).toBe(thumbprint);
    expect(await keyId(pair.publicKey, pair.publicKey)).toBe(thumbprint);
  });

  it('reads a kid only from a JWK', () => {
    expect(ownKid('{"kid":"a"}')).toBe('a');
    expect(ownKid('  {"kid":"a"}  ')).toBe('a');
    expect(ownKid('{not json')).toBeNull();
    expect(ownKid('[]')).toBeNull();
    expect(ownKid('null')).toBeNull();
    expect(ownKid(spkiPem)).toBeNull();
    expect(ownKid(pair.publicKey)).toBeNull();
  });
});
