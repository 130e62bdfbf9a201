import type { KeyObject } from 'node:crypto';
import { CLAIMS, type TEST_AUDIENCE, type VISITOR_AUDIENCE } from '@parley/protocol';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from 'jose';

export type SessionAudience = typeof VISITOR_AUDIENCE | typeof TEST_AUDIENCE;

/** What a visitor session token says (SPEC §5). `vuid` and `profileId` are null in a test token. */
export interface SessionClaims {
  sid: string;
  audience: SessionAudience;
  projectId: string;
  vuid: string | null;
  profileId: string | null;
  authenticated: boolean;
  issuedAt: number;
  expiresAt: number;
}

export interface SessionKeys {
  signingKey(): Promise<{ kid: string; privateKey: KeyObject }>;
  sessionVerificationKeys(): Promise<ReadonlyMap<string, KeyObject>>;
}

export type SessionTokenFailure = 'malformed' | 'signature' | 'audience' | 'expired';

export type SessionTokenCheck = { ok: true; claims: SessionClaims } | { ok: false; failure: SessionTokenFailure };

/** Signs and verifies the EdDSA visitor session tokens with the platform's Ed25519 keys. */
export class SessionTokens {
  constructor(
    private readonly keys: SessionKeys,
    private readonly issuer: string,
  ) {}

  async sign(claims: SessionClaims): Promise<string> {
    const { kid, privateKey } = await this.keys.signingKey();
    return new SignJWT({
      sid: claims.sid,
      [CLAIMS.vuid]: claims.vuid,
      [CLAIMS.visitorProfileId]: claims.profileId,
      [CLAIMS.websiteId]: claims.projectId,
      [CLAIMS.authenticated]: claims.authenticated,
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid })
      .setIssuer(this.issuer)
      .setAudience(claims.audience)
      .setIssuedAt(claims.issuedAt)
      .setExpirationTime(claims.expiresAt)
      .sign(privateKey);
  }

  /**
   * Checks signature, issuer and audience; `expired` when `exp` has passed, unless within
   * `graceSeconds` after it (the visitor-auth mutations accept an expired token as proof of its vuid).
   */
  async verify(
    token: string,
    options: { audience: SessionAudience; nowSeconds: number; graceSeconds?: number },
  ): Promise<SessionTokenCheck> {
    let kid: unknown;
    try {
      kid = decodeProtectedHeader(token).kid;
    } catch {
      return { ok: false, failure: 'malformed' };
    }
    const key = typeof kid === 'string' ? (await this.keys.sessionVerificationKeys()).get(kid) : undefined;
    if (!key) return { ok: false, failure: 'signature' };
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ['EdDSA'],
        issuer: this.issuer,
        audience: options.audience,
        currentDate: new Date((options.nowSeconds - (options.graceSeconds ?? 0)) * 1000),
        requiredClaims: ['sid', 'exp', 'iat'],
      });
      const claims = toClaims(payload, options.audience);
      if (!claims) return { ok: false, failure: 'malformed' };
      return claims.expiresAt <= options.nowSeconds - (options.graceSeconds ?? 0)
        ? { ok: false, failure: 'expired' }
        : { ok: true, claims };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, failure: 'expired' };
      if (error instanceof errors.JWTClaimValidationFailed) return { ok: false, failure: error.claim === 'aud' ? 'audience' : 'malformed' };
      if (error instanceof errors.JWSSignatureVerificationFailed) return { ok: false, failure: 'signature' };
      return { ok: false, failure: 'malformed' };
    }
  }
}

function toClaims(payload: Record<string, unknown>, audience: SessionAudience): SessionClaims | null {
  const { sid, exp, iat } = payload;
  const projectId = payload[CLAIMS.websiteId];
  const vuid = payload[CLAIMS.vuid] ?? null;
  const profileId = payload[CLAIMS.visitorProfileId] ?? null;
  if (typeof sid !== 'string' || typeof exp !== 'number' || typeof iat !== 'number' || typeof projectId !== 'string') return null;
  if ((vuid !== null && typeof vuid !== 'string') || (profileId !== null && typeof profileId !== 'string')) return null;
  return {
    sid,
    audience,
    projectId,
    vuid,
    profileId,
    authenticated: payload[CLAIMS.authenticated] === true,
    issuedAt: iat,
    expiresAt: exp,
  };
}
