import { createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { KeyInput } from './keys.js';

/** The RFC 7638 SHA-256 thumbprint (base64url) of a key's public part; a private key is reduced to its public key first. */
export async function thumbprintOf(key: KeyObject): Promise<string> {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  return calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0], 'sha256');
}

/** The non-empty string `kid` of a JWK given as an object or as JSON text; null for anything else. */
export function ownKid(input: KeyInput): string | null {
  let jwk: unknown = input;
  if (typeof input === 'string') {
    if (!input.trim().startsWith('{')) return null;
    try {
      jwk = JSON.parse(input);
    } catch {
      return null;
    }
  }
  if (typeof jwk !== 'object' || jwk === null || 'asymmetricKeyType' in jwk) return null;
  const kid = (jwk as { kid?: unknown }).kid;
  return typeof kid === 'string' && kid !== '' ? kid : null;
}

/**
 * The key id Parley gives a key (spec §2.5, `brandKeyAdd`): the JWK's own `kid` when the input is
 * a JWK that has one, else the RFC 7638 thumbprint of `key` (the key loaded from that input).
 */
export async function keyId(input: KeyInput, key: KeyObject): Promise<string> {
  return ownKid(input) ?? (await thumbprintOf(key));
}
