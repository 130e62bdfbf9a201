/** Worker of credential-maker.ts: makes its share of the credentials with the real token library. */
import { createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { createCredentials } from '@parley/token';
import type { CredentialBatch } from './credential-maker.js';

const batch = workerData as CredentialBatch;
const brandPrivateKey = createPrivateKey(batch.brandPrivateKeyPem);
const platformPublicKey = createPublicKey({ key: batch.platformJwk as JsonWebKey, format: 'jwk' });
const made: string[] = [];
for (let i = batch.first; i < batch.first + batch.count; i++) {
  made.push(
    await createCredentials({
      userId: `${batch.userPrefix}${i}`,
      visitorData: { firstName: 'Ada', lastName: 'Lovelace', email: `ada.${i}@example.com` },
      brandPrivateKey,
      platformPublicKey,
      lifetimeSeconds: batch.lifetimeSeconds,
      brandKeyId: batch.brandKid,
      platformKeyId: batch.platformKid,
    }),
  );
}
parentPort?.postMessage(made);
