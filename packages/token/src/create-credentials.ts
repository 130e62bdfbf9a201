import { randomBytes } from 'node:crypto';
import {
  CLAIMS,
  CREDENTIALS_ALGORITHMS,
  codePointLength,
  DEFAULT_ISSUER,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  MAX_USER_ID_LENGTH,
  MAX_VISITOR_DATA_FIELD_LENGTH,
  VISITOR_DATA_FIELDS,
  type VisitorData,
} from '@parley/protocol/constants';
import { CompactEncrypt, CompactSign } from 'jose';
import { TokenInputError } from './errors.js';
import { type KeyInput, loadPrivateKey, loadPublicKey } from './keys.js';

export interface CreateCredentialsOptions {
  /** The brand's stable, never-recycled id of the signed-in user (≤ 255 characters). */
  userId: string;
  /** Optional profile shown to agents; unknown fields are ignored by the platform. */
  visitorData?: VisitorData | undefined;
  brandPrivateKey: KeyInput;
  platformPublicKey: KeyInput;
  issuer?: string | undefined;
  lifetimeSeconds?: number | undefined;
  /** Goes into the JWS header as `kid`. */
  brandKeyId?: string | undefined;
  /** Goes into the JWE header as `kid`. */
  platformKeyId?: string | undefined;
  /** Seconds since the epoch; defaults to the system clock. Injected by tests. */
  issuedAt?: number | undefined;
}

const encoder = new TextEncoder();

function validateUserId(userId: unknown): string {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new TokenInputError('USER_ID_INVALID', 'userId is required: pass the id of the signed-in user as a non-empty string.');
  }
  if (codePointLength(userId) > MAX_USER_ID_LENGTH) {
    throw new TokenInputError('USER_ID_INVALID', `userId is longer than ${MAX_USER_ID_LENGTH} characters.`);
  }
  return userId;
}

function validateVisitorData(visitorData: unknown): void {
  if (visitorData === undefined) return;
  if (typeof visitorData !== 'object' || visitorData === null || Array.isArray(visitorData)) {
    throw new TokenInputError(
      'VISITOR_DATA_INVALID',
      'visitorData must be an object such as { firstName: "Ada", email: "ada@example.com" }.',
    );
  }
  for (const field of VISITOR_DATA_FIELDS) {
    const value = (visitorData as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || codePointLength(value) > MAX_VISITOR_DATA_FIELD_LENGTH) {
      throw new TokenInputError(
        'VISITOR_DATA_INVALID',
        `visitorData.${field} must be a string of at most ${MAX_VISITOR_DATA_FIELD_LENGTH} characters.`,
      );
    }
  }
}

function validatePositiveSeconds(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TokenInputError('OPTION_INVALID', `${name} must be a positive whole number of seconds.`);
  }
  return value;
}

/**
 * Creates authenticated-messaging credentials: a JWS (RS256, brand private key) inside a
 * compact JWE (RSA-OAEP-256 + A256GCM, platform public key), with a random 128-bit `jti`
 * and `iat` so that every token is single-use.
 */
export async function createCredentials(options: CreateCredentialsOptions): Promise<string> {
  const userId = validateUserId(options.userId);
  validateVisitorData(options.visitorData);
  const issuer = options.issuer ?? DEFAULT_ISSUER;
  if (typeof issuer !== 'string' || issuer === '') {
    throw new TokenInputError('OPTION_INVALID', 'issuer must be a non-empty string.');
  }
  const lifetime = validatePositiveSeconds(options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS, 'lifetimeSeconds');
  const brandKey = loadPrivateKey(options.brandPrivateKey, 'brandPrivateKey');
  const platformKey = loadPublicKey(options.platformPublicKey, 'platformPublicKey');
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);

  const claims: Record<string, unknown> = {
    iss: issuer,
    iat,
    exp: iat + lifetime,
    jti: randomBytes(16).toString('base64url'),
    [CLAIMS.userId]: userId,
  };
  if (options.visitorData !== undefined) claims[CLAIMS.visitorData] = options.visitorData;

  const jws = await new CompactSign(encoder.encode(JSON.stringify(claims)))
    .setProtectedHeader({
      alg: CREDENTIALS_ALGORITHMS.signature,
      typ: 'JWT',
      ...(options.brandKeyId ? { kid: options.brandKeyId } : {}),
    })
    .sign(brandKey);

  return new CompactEncrypt(encoder.encode(jws))
    .setProtectedHeader({
      alg: CREDENTIALS_ALGORITHMS.keyManagement,
      enc: CREDENTIALS_ALGORITHMS.contentEncryption,
      cty: 'JWT',
      ...(options.platformKeyId ? { kid: options.platformKeyId } : {}),
    })
    .encrypt(platformKey);
}
