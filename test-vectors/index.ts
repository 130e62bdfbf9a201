import { readFileSync } from 'node:fs';
import { privateKey, publicKey } from './keys.js';
import type { CredentialsVector, VectorFile } from './types.js';

export { KEY_NAMES, keyPath, privateKey, publicKey } from './keys.js';
export type * from './types.js';

export const VECTORS_PATH = new URL('./credentials.json', import.meta.url).pathname;

export function loadVectors(): VectorFile {
  return JSON.parse(readFileSync(VECTORS_PATH, 'utf8')) as VectorFile;
}

/** The verifier's keys and policy for a vector, defaults filled in. */
export function vectorSetup(file: VectorFile, vector: CredentialsVector) {
  const policy = vector.policy ?? {};
  return {
    platformKeys: (policy.platformKeys ?? ['platform']).map((name) => ({ kid: file.kids[name], privateKey: privateKey(name) })),
    policy: {
      acceptedIssuers: policy.acceptedIssuers ?? ['https://livechat.iadvize.com'],
      maxTokenLifetimeSeconds: policy.maxTokenLifetimeSeconds ?? 60,
      brandKeys: (policy.brandKeys ?? ['brand']).map((name) => ({ id: name, kid: file.kids[name], publicKey: publicKey(name) })),
    },
  };
}
