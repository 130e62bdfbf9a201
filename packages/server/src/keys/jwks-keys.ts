import type { KeyObject } from 'node:crypto';
import { keyId, loadPublicKey, TokenInputError } from '@parley/token';
import { keyFingerprint } from './fingerprint.js';

export type JwksErrorCode = 'URL_INVALID' | 'ADDRESS_REFUSED' | 'FETCH_FAILED' | 'RESPONSE_INVALID' | 'NO_USABLE_KEY';

/** Why a brand's JWKS URL gave no keys. The message starts with `jwksUrl:` and says what to fix; it never holds key material. */
export class JwksError extends Error {
  override readonly name = 'JwksError';
  constructor(
    readonly code: JwksErrorCode,
    message: string,
  ) {
    super(`jwksUrl: ${message}`);
  }
}

/** A usable key of a brand's JWKS: RSA, RS256 signing, ≥ 2048 bits, public. */
export interface JwksKey {
  /** The JWK's own `kid`, else its RFC 7638 thumbprint. */
  readonly kid: string;
  readonly publicKey: KeyObject;
  /** As a brand key record of the same key has it: a revoked one is not taken back from a JWKS. */
  readonly fingerprint: string;
}

const MAX_KEYS = 64;
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

interface ParsedKeys {
  keys: JwksKey[];
  skipped: string[];
}

/** Reads a JWKS body: keeps RSA RS256 signing keys of ≥ 2048 bits, refuses any private material without echoing it. */
export async function parseJwks(body: Buffer): Promise<ParsedKeys> {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new JwksError('RESPONSE_INVALID', 'the answer is not JSON; a JWKS is {"keys": [...]}');
  }
  const entries = (json as { keys?: unknown } | null)?.keys;
  if (typeof json !== 'object' || json === null || !Array.isArray(entries)) {
    throw new JwksError('RESPONSE_INVALID', 'the answer is not a JWKS (a JSON object with a "keys" array)');
  }
  if (entries.length > MAX_KEYS)
    throw new JwksError('RESPONSE_INVALID', `the key set has ${entries.length} keys; at most ${MAX_KEYS} are read`);
  const keys: JwksKey[] = [];
  const skipped: string[] = [];
  for (const [index, entry] of entries.entries()) {
    const label = `key #${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      skipped.push(`${label} is not an object`);
      continue;
    }
    const jwk = entry as Record<string, unknown>;
    if (PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
      throw new JwksError(
        'RESPONSE_INVALID',
        `${label} of the set contains private key material; publish only public keys, and replace that key since it is exposed`,
      );
    }
    if (jwk.kty !== 'RSA') skipped.push(`${label} is not RSA`);
    else if (jwk.use !== undefined && jwk.use !== 'sig') skipped.push(`${label} has use ${JSON.stringify(jwk.use).slice(0, 20)}`);
    else if (jwk.alg !== undefined && jwk.alg !== 'RS256') skipped.push(`${label} has alg ${JSON.stringify(jwk.alg).slice(0, 20)}`);
    else if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) skipped.push(`${label} has no "verify" in key_ops`);
    else {
      try {
        const publicKey = loadPublicKey(jwk, label);
        const kid = await keyId(jwk, publicKey);
        if (kid.length > 255) skipped.push(`${label} has a kid over 255 characters`);
        else keys.push({ kid, publicKey, fingerprint: keyFingerprint(publicKey) });
      } catch (error) {
        if (!(error instanceof TokenInputError)) throw error;
        skipped.push(error.code === 'KEY_TOO_SMALL' ? `${label} is under 2048 bits` : `${label} is not a valid RSA JWK`);
      }
    }
  }
  return { keys, skipped };
}
