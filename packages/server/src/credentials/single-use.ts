import { CLOCK_SKEW_SECONDS, hintFor } from '@parley/protocol';
import type { ReplayStore } from './replay-store.js';
import type { VerificationResult, VerifiedCredentials } from './types.js';

/** The replay-memory keys of spec §2.4: the inner signature, and (project, iss, jti) when a jti is present. */
export function replayKeys(projectId: string, credentials: VerifiedCredentials): string[] {
  const keys = [`sig:${credentials.signatureDigest}`];
  if (credentials.jti !== null) keys.push(`jti:${JSON.stringify([projectId, credentials.issuer, credentials.jti])}`);
  return keys;
}

/** What consuming verified credentials claims: their replay keys, remembered until `exp` + skew. */
export interface SingleUseClaim {
  keys: string[];
  until: number;
}

export const singleUseClaim = (projectId: string, credentials: VerifiedCredentials): SingleUseClaim => ({
  keys: [...new Set(replayKeys(projectId, credentials))],
  until: credentials.expiresAt + CLOCK_SKEW_SECONDS,
});

/**
 * The last step of the pipeline: consumes successful credentials, so that they work once.
 * They are remembered until `exp` + skew, after which the expiry check refuses them anyway.
 */
export async function checkSingleUse(result: VerificationResult, projectId: string, store: ReplayStore): Promise<VerificationResult> {
  if (!result.ok) return result;
  const claim = singleUseClaim(projectId, result.credentials);
  const fresh = await store.rememberOnce(claim.keys, claim.until);
  if (fresh) {
    return { ...result, checks: [...result.checks, { name: 'replay', ok: true, detail: 'first use', hint: null }] };
  }
  const hint = hintFor('CREDENTIALS_REPLAYED');
  const { credentials: _used, ok: _ok, ...decoded } = result;
  return {
    ...decoded,
    ok: false,
    reason: 'CREDENTIALS_REPLAYED',
    hint,
    checks: [...result.checks, { name: 'replay', ok: false, detail: 'these credentials were already used', hint }],
    unknownBrandKid: null,
  };
}
