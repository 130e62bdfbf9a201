import { generateKeyPairSync } from 'node:crypto';
import { createCredentials } from '@parley/token';
import fc from 'fast-check';
import { compactDecrypt, compactVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyCredentials } from '../../src/credentials/index.js';

// The hot path uses node:crypto directly; jose (the reference) must read the same tokens the same way.
const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const brand = generateKeyPairSync('rsa', { modulusLength: 2048 });
const NOW = 1_767_225_600;
const policy = {
  acceptedIssuers: ['https://livechat.iadvize.com'],
  maxTokenLifetimeSeconds: 60,
  brandKeys: [{ id: 'b', kid: 'b', publicKey: brand.publicKey }],
};

describe('node:crypto pipeline against jose', () => {
  it('agrees on random users and visitor data', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 255, unit: 'grapheme' }).filter((s) => [...s].length <= 255),
        fc.record({ firstName: fc.string({ maxLength: 40 }), city: fc.string({ maxLength: 40 }) }, { requiredKeys: [] }),
        async (userId, visitorData) => {
          const token = await createCredentials({
            userId,
            visitorData,
            brandPrivateKey: brand.privateKey,
            platformPublicKey: platform.publicKey,
            issuedAt: NOW,
          });
          const ours = verifyCredentials({
            credentials: token,
            now: NOW,
            platformKeys: [{ kid: 'p', privateKey: platform.privateKey }],
            policy,
          });
          const { plaintext } = await compactDecrypt(token, platform.privateKey, {
            keyManagementAlgorithms: ['RSA-OAEP-256'],
            contentEncryptionAlgorithms: ['A256GCM'],
          });
          const { payload } = await compactVerify(new TextDecoder().decode(plaintext), brand.publicKey, { algorithms: ['RS256'] });
          const claims = JSON.parse(new TextDecoder().decode(payload));
          expect(ours.ok).toBe(true);
          expect(ours.claims).toEqual(claims);
          expect(ours.ok && ours.credentials.userId).toBe(userId);
        },
      ),
      { numRuns: 25 },
    );
  });
});
