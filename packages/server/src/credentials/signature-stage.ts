import { constants, createHash, verify } from 'node:crypto';
import { CREDENTIALS_ALGORITHMS } from '@parley/protocol';
import { decodeSegment, parseJsonObject } from './compact.js';
import { describe, fail } from './stage-failure.js';
import type { BrandVerificationKey, JsonObject } from './types.js';

export interface ParsedJws {
  header: JsonObject;
  claims: JsonObject;
  signingInput: Buffer;
  signature: Buffer;
}

/** Check `nestedToken`: the plaintext is a compact JWS whose header and payload are JSON objects. */
export function parseJws(plaintext: Buffer): ParsedJws {
  const text = plaintext.toString('utf8');
  const parts = text.split('.');
  if (parts.length !== 3)
    fail('nestedToken', 'NESTED_TOKEN_MALFORMED', `the plaintext has ${parts.length} dot-separated parts; a compact JWS has 3`);
  const [headerSegment, payloadSegment, signatureSegment] = parts as [string, string, string];
  const headerBytes = decodeSegment(headerSegment);
  const payloadBytes = decodeSegment(payloadSegment);
  const signature = decodeSegment(signatureSegment);
  if (!headerBytes || !payloadBytes || !signature) fail('nestedToken', 'NESTED_TOKEN_MALFORMED', 'a JWS part is not base64url');
  const header = parseJsonObject(headerBytes);
  if (header === null) fail('nestedToken', 'NESTED_TOKEN_MALFORMED', 'the JWS header is not a JSON object');
  if ('crit' in header) fail('nestedToken', 'NESTED_TOKEN_MALFORMED', `a JWS crit header (${describe(header.crit)}) is refused`);
  const claims = parseJsonObject(payloadBytes);
  if (claims === null) fail('nestedToken', 'NESTED_TOKEN_MALFORMED', 'the JWS payload is not a JSON object of claims');
  return { header, claims, signingInput: Buffer.from(`${headerSegment}.${payloadSegment}`, 'ascii'), signature };
}

export function checkJwsAlgorithm(header: JsonObject): void {
  if (header.alg !== CREDENTIALS_ALGORITHMS.signature) {
    fail('signatureAlgorithm', 'UNSUPPORTED_SIGNATURE_ALGORITHM', `alg ${describe(header.alg)}`);
  }
}

function verifiesWith(key: BrandVerificationKey, jws: ParsedJws): boolean {
  try {
    return verify('sha256', jws.signingInput, { key: key.publicKey, padding: constants.RSA_PKCS1_PADDING }, jws.signature);
  } catch {
    return false;
  }
}

/**
 * Check `signature`. A JWS `kid` naming known brand keys selects them (kids may repeat, so every
 * key with that kid is tried); an unknown or absent one means every active brand key is tried.
 */
export function verifyBrandSignature(
  jws: ParsedJws,
  brandKeys: readonly BrandVerificationKey[],
): { brandKeyId: string; brandKeyRecordId: string; signatureDigest: string } {
  const kid = jws.header.kid;
  const named = brandKeys.filter((key) => key.kid === kid);
  const verifier = (named.length > 0 ? named : brandKeys).find((key) => verifiesWith(key, jws));
  if (!verifier) {
    const tried =
      named.length === 1
        ? `the brand key named by kid ${describe(kid)}`
        : named.length > 1
          ? `the ${named.length} brand keys named by kid ${describe(kid)}`
          : `${brandKeys.length} active brand key(s)`;
    fail('signature', 'SIGNATURE_INVALID', `the signature does not verify with ${tried}`);
  }
  return {
    brandKeyId: verifier.kid,
    brandKeyRecordId: verifier.id,
    signatureDigest: createHash('sha256').update(jws.signature).digest('base64url'),
  };
}
