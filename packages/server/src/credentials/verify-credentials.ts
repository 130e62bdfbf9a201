import { hintFor } from '@parley/protocol';
import { checkClaims } from './claims-stage.js';
import { checkContentEncryption, checkKeyManagementAlgorithm, decryptJwe, parseJwe } from './decrypt-stage.js';
import { checkJwsAlgorithm, parseJws, verifyBrandSignature } from './signature-stage.js';
import { StageFailure } from './stage-failure.js';
import type { Check, CheckName, DecodedCredentials, VerificationInput, VerificationResult } from './types.js';

/**
 * The credentials pipeline of spec §2, pure and synchronous: decrypt, verify, check claims,
 * in that order, the first failure winning. Single use (`CREDENTIALS_REPLAYED`) needs state and
 * is decided afterwards by `checkSingleUse`. Every step leaves a check for operators.
 */
export function verifyCredentials(input: VerificationInput): VerificationResult {
  const checks: Check[] = [];
  const pass = (name: CheckName, detail: string) => checks.push({ name, ok: true, detail, hint: null });
  const decoded: DecodedCredentials = { jweHeader: null, jwsHeader: null, claims: null };
  let unknownBrandKid: string | null = null;
  try {
    const jwe = parseJwe(input.credentials);
    decoded.jweHeader = jwe.header;
    pass('format', `compact JWE, ${input.credentials.length} bytes`);
    checkKeyManagementAlgorithm(jwe.header);
    pass('keyManagementAlgorithm', 'alg RSA-OAEP-256');
    checkContentEncryption(jwe.header);
    pass('contentEncryption', 'enc A256GCM');
    const { plaintext, platformKeyId } = decryptJwe(jwe, input.platformKeys);
    pass('decryption', `decrypted with platform key ${platformKeyId}`);

    const jws = parseJws(plaintext);
    decoded.jwsHeader = jws.header;
    decoded.claims = jws.claims;
    pass('nestedToken', 'compact JWS with a JSON claims object');
    checkJwsAlgorithm(jws.header);
    pass('signatureAlgorithm', 'alg RS256');
    const kid = jws.header.kid;
    if (typeof kid === 'string' && !input.policy.brandKeys.some((key) => key.kid === kid)) unknownBrandKid = kid;
    const { brandKeyId, brandKeyRecordId, signatureDigest } = verifyBrandSignature(jws, input.policy.brandKeys);
    pass('signature', `verified with brand key ${brandKeyId}`);

    const claims = checkClaims(jws.claims, input.policy, input.now, pass);
    return {
      ok: true,
      ...decoded,
      checks,
      credentials: { ...claims, platformKeyId, brandKeyId, brandKeyRecordId, signatureDigest },
    };
  } catch (error) {
    if (!(error instanceof StageFailure)) throw error;
    const hint = hintFor(error.reason);
    checks.push({ name: error.check, ok: false, detail: error.detail, hint });
    return { ok: false, reason: error.reason, hint, checks, ...decoded, unknownBrandKid };
  }
}
