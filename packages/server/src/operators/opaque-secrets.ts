import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A prefixed secret of 32 random bytes, base64url: `prl_op_…`, `prl_api_…`, `prl_secret_…`. */
export const randomSecret = (prefix: string): string => prefix + randomBytes(32).toString('base64url');

/** SHA-256 (hex) of a high-entropy secret, the only form stored; such a secret needs no slow hash. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Constant-time comparison of two hex digests. */
export function sameDigest(expectedHex: string, givenHex: string): boolean {
  const expected = Buffer.from(expectedHex, 'hex');
  const given = Buffer.from(givenHex, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
