import type { KeyObject } from 'node:crypto';
import type { ReasonCode, VisitorData } from '@parley/protocol';
import type { ServerCheckName } from './server-checks.js';

/** A platform private key the credentials may be encrypted for. */
export interface PlatformDecryptionKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

/** An active brand key of the project (revoked keys are simply not passed). */
export interface BrandVerificationKey {
  readonly id: string;
  readonly kid: string;
  readonly publicKey: KeyObject;
}

/** The project's token policy: the only source of keys, issuers and lifetimes. */
export interface CredentialsPolicy {
  readonly acceptedIssuers: readonly string[];
  readonly maxTokenLifetimeSeconds: number;
  readonly brandKeys: readonly BrandVerificationKey[];
}

export interface VerificationInput {
  readonly credentials: string;
  readonly platformKeys: readonly PlatformDecryptionKey[];
  readonly policy: CredentialsPolicy;
  /** Seconds since the epoch, from the injected clock. */
  readonly now: number;
}

export type CheckName =
  | ServerCheckName
  | 'format'
  | 'keyManagementAlgorithm'
  | 'contentEncryption'
  | 'decryption'
  | 'nestedToken'
  | 'signatureAlgorithm'
  | 'signature'
  | 'issuer'
  | 'expiration'
  | 'lifetime'
  | 'notBefore'
  | 'userId'
  | 'visitorData'
  | 'replay';

export interface Check {
  readonly name: CheckName;
  readonly ok: boolean;
  readonly detail: string;
  /** The integrator hint of the failing code; null for a passed check. */
  readonly hint: string | null;
}

export type JsonObject = Record<string, unknown>;

/** Decoded headers and claims, for operators only (never sent to visitors). */
export interface DecodedCredentials {
  jweHeader: JsonObject | null;
  jwsHeader: JsonObject | null;
  claims: JsonObject | null;
}

export interface VerifiedCredentials {
  readonly userId: string;
  readonly visitorData: VisitorData | null;
  readonly issuer: string;
  /** `exp`, seconds since the epoch. */
  readonly expiresAt: number;
  readonly jti: string | null;
  readonly platformKeyId: string;
  /** The `kid` of the brand key that verified the signature. */
  readonly brandKeyId: string;
  /** The `id` of that brand key's record (a JWKS URL's record for its keys): kids may repeat, ids do not. */
  readonly brandKeyRecordId: string;
  /** SHA-256 of the inner JWS signature: re-encrypting a captured JWS must not help. */
  readonly signatureDigest: string;
}

export interface VerificationSuccess extends DecodedCredentials {
  readonly ok: true;
  readonly credentials: VerifiedCredentials;
  readonly checks: readonly Check[];
}

export interface VerificationFailure extends DecodedCredentials {
  readonly ok: false;
  readonly reason: ReasonCode;
  readonly hint: string;
  readonly checks: readonly Check[];
  /** Set when the JWS names a brand `kid` the policy does not know: the caller may refetch a JWKS once. */
  readonly unknownBrandKid: string | null;
}

export type VerificationResult = VerificationSuccess | VerificationFailure;
