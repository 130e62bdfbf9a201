import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPrivateKey, loadPublicKey, TokenInputError } from '../src/index.js';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const spkiPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const pkcs8Pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const bareSpki = (pair.publicKey.export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
const fingerprint = (key: ReturnType<typeof loadPublicKey>) => key.export({ format: 'jwk' }).n;

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return error instanceof TokenInputError ? error.code : String(error);
  }
};

describe('key loading', () => {
  it.each([
    ['SPKI PEM', spkiPem],
    ['bare base64 DER SPKI (the market leader publishes its key so)', bareSpki],
    ['base64 split over lines', bareSpki.replace(/(.{64})/g, '$1\n')],
    ['JWK object', pair.publicKey.export({ format: 'jwk' })],
    ['JWK JSON text', JSON.stringify(pair.publicKey.export({ format: 'jwk' }))],
    ['KeyObject', pair.publicKey],
  ] as const)('reads a public key as %s', (_format, input) => {
    expect(fingerprint(loadPublicKey(input as Parameters<typeof loadPublicKey>[0]))).toBe(pair.publicKey.export({ format: 'jwk' }).n);
  });

  it.each([
    ['PKCS#8 PEM', pkcs8Pem],
    ['PKCS#1 PEM', pair.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string],
    ['private JWK', JSON.stringify(pair.privateKey.export({ format: 'jwk' }))],
    ['base64 PKCS#8 DER', (pair.privateKey.export({ type: 'pkcs8', format: 'der' }) as Buffer).toString('base64')],
  ])('reads a private key as %s', (_format, input) => {
    expect(loadPrivateKey(input).type).toBe('private');
  });

  it('refuses private material where a public key is expected, without echoing it', () => {
    for (const input of [pkcs8Pem, JSON.stringify(pair.privateKey.export({ format: 'jwk' }))]) {
      try {
        loadPublicKey(input, 'brandKey');
        expect.unreachable();
      } catch (error) {
        expect((error as TokenInputError).code).toBe('PRIVATE_KEY_WHERE_PUBLIC_EXPECTED');
        const secretLine = pkcs8Pem.split('\n')[3] as string;
        expect((error as Error).message).not.toContain(secretLine.slice(0, 16));
        expect((error as Error).message).not.toContain(String(pair.privateKey.export({ format: 'jwk' }).d).slice(0, 16));
      }
    }
  });

  it('names the problem for wrong inputs', () => {
    expect(codeOf(() => loadPrivateKey(spkiPem))).toBe('PUBLIC_KEY_WHERE_PRIVATE_EXPECTED');
    expect(codeOf(() => loadPublicKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey))).toBe('KEY_TOO_SMALL');
    expect(codeOf(() => loadPublicKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey))).toBe('KEY_NOT_RSA');
    expect(codeOf(() => loadPublicKey('hello world'))).toBe('KEY_INVALID');
    expect(codeOf(() => loadPublicKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'))).toBe('KEY_INVALID');
    expect(codeOf(() => loadPublicKey(''))).toBe('KEY_INVALID');
    expect(codeOf(() => loadPublicKey('{"kty":"RSA"}'))).toBe('KEY_INVALID');
  });
});
