/**
 * The outcome spec §2.6 gives a credential, step by step in the server's order: the project's own
 * state, the format, the algorithms, decryption (which only the builder can tell: it knows what it
 * sealed, for whom), the nested JWS, its signature (RS256 checked here with the project's brand
 * public key), then the claims. Times are those of the builder's clock; the generators keep a
 * margin of several seconds from every boundary.
 */
import { constants, createPublicKey, verify } from 'node:crypto';
import {
  CLAIMS,
  CLOCK_SKEW_SECONDS,
  CREDENTIALS_ALGORITHMS,
  codePointLength,
  DEFAULT_ISSUER,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  MAX_CREDENTIALS_BYTES,
  MAX_USER_ID_LENGTH,
  MAX_VISITOR_DATA_FIELD_LENGTH,
  type ReasonCode,
  VISITOR_DATA_FIELDS,
} from '@parley/protocol';

export type Expected = { accept: true } | { accept: false; reason: ReasonCode };

const refuse = (reason: ReasonCode): Expected => ({ accept: false, reason });
const ACCEPT: Expected = { accept: true };
const BASE64URL = /^[A-Za-z0-9_-]*$/;

type JsonObject = Record<string, unknown>;

function segment(text: string): Buffer | null {
  return BASE64URL.test(text) && text.length % 4 !== 1 ? Buffer.from(text, 'base64url') : null;
}

function jsonObject(bytes: Buffer): JsonObject | null {
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : null;
  } catch {
    return null;
  }
}

/** The compact parts of a JWE decoded (null when it is not one), for telling a re-encoding from a change. */
export function decodedParts(token: string): Buffer[] | null {
  const parts = token.split('.');
  if (parts.length !== 5) return null;
  const decoded = parts.map(segment);
  return decoded.every((part) => part !== null) ? (decoded as Buffer[]) : null;
}

/** Checks `format`, `keyManagementAlgorithm` and `contentEncryption`: the reason, or null when they pass. */
export function formatReason(token: string): ReasonCode | null {
  if (token.length === 0 || token.length > MAX_CREDENTIALS_BYTES) return 'CREDENTIALS_MALFORMED';
  const decoded = decodedParts(token);
  if (!decoded) return 'CREDENTIALS_MALFORMED';
  const header = jsonObject(decoded[0] as Buffer);
  if (!header || 'zip' in header || 'crit' in header) return 'CREDENTIALS_MALFORMED';
  if (header.alg !== CREDENTIALS_ALGORITHMS.keyManagement) return 'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM';
  if (header.enc !== CREDENTIALS_ALGORITHMS.contentEncryption) return 'UNSUPPORTED_CONTENT_ENCRYPTION';
  return null;
}

/** Checks `nestedToken`, `signatureAlgorithm` and `signature` on the plaintext: the claims, or the reason. */
export function jwsStage(plaintext: Buffer, brandPublicPem: string): JsonObject | ReasonCode {
  const parts = plaintext.toString('utf8').split('.');
  if (parts.length !== 3) return 'NESTED_TOKEN_MALFORMED';
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const headerBytes = segment(headerText);
  const payloadBytes = segment(payloadText);
  const signature = segment(signatureText);
  if (!headerBytes || !payloadBytes || !signature) return 'NESTED_TOKEN_MALFORMED';
  const header = jsonObject(headerBytes);
  if (!header || 'crit' in header) return 'NESTED_TOKEN_MALFORMED';
  const claims = jsonObject(payloadBytes);
  if (!claims) return 'NESTED_TOKEN_MALFORMED';
  if (header.alg !== CREDENTIALS_ALGORITHMS.signature) return 'UNSUPPORTED_SIGNATURE_ALGORITHM';
  const signingInput = Buffer.from(`${headerText}.${payloadText}`, 'ascii');
  const key = createPublicKey(brandPublicPem);
  const verified = (() => {
    try {
      return verify('sha256', signingInput, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
    } catch {
      return false;
    }
  })();
  return verified ? claims : 'SIGNATURE_INVALID';
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** A string the store keeps as written: no U+0000, no lone surrogate (a `u` regex sees a pair as one code point). */
const storable = (text: string) => !text.includes('\u0000') && !/\p{Cs}/u.test(text);

/** The claim checks of spec §2.3 (default project settings: the default issuer, 60 s lifetime), or null when they pass. */
export function claimsReason(claims: JsonObject, now: number): ReasonCode | null {
  if (!('iss' in claims)) return 'ISSUER_MISSING';
  if (claims.iss !== DEFAULT_ISSUER) return 'ISSUER_MISMATCH';
  const exp = claims.exp;
  if (!isNumber(exp)) return 'EXPIRATION_MISSING';
  if (exp <= now - CLOCK_SKEW_SECONDS) return 'EXPIRED';
  if (exp - now > DEFAULT_MAX_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) return 'LIFETIME_TOO_LONG';
  for (const name of ['nbf', 'iat']) {
    if (!(name in claims)) continue;
    const time = claims[name];
    if (!isNumber(time) || time > now + CLOCK_SKEW_SECONDS) return 'NOT_YET_VALID';
  }
  const userId = claims[CLAIMS.userId];
  if (userId === undefined) return 'USER_ID_MISSING';
  if (typeof userId !== 'string' || userId.length === 0 || codePointLength(userId) > MAX_USER_ID_LENGTH || !storable(userId))
    return 'USER_ID_INVALID';
  const visitorData = claims[CLAIMS.visitorData];
  if (visitorData === undefined || visitorData === null) return null;
  if (typeof visitorData !== 'object' || Array.isArray(visitorData)) return 'VISITOR_DATA_INVALID';
  for (const field of VISITOR_DATA_FIELDS) {
    const item = (visitorData as JsonObject)[field];
    if (item === undefined || item === null) continue;
    if (typeof item !== 'string' || codePointLength(item) > MAX_VISITOR_DATA_FIELD_LENGTH || !storable(item)) return 'VISITOR_DATA_INVALID';
  }
  return null;
}

/** What the project alone decides, before the credentials are read. */
export type ProjectState = { kind: 'refuses'; reason: ReasonCode } | { kind: 'verifies'; brandPublicPem: string };

/**
 * The expected outcome of presenting `token` (never presented before) to a project. `sealed` is
 * what the token decrypts to with the platform key, or null when it does not decrypt.
 */
export function expectedOutcome(project: ProjectState, token: string, sealed: Buffer | null, now: number): Expected {
  if (project.kind === 'refuses') return refuse(project.reason);
  const format = formatReason(token);
  if (format) return refuse(format);
  if (!sealed) return refuse('DECRYPTION_FAILED');
  const claims = jwsStage(sealed, project.brandPublicPem);
  if (typeof claims === 'string') return refuse(claims);
  const reason = claimsReason(claims, now);
  return reason ? refuse(reason) : ACCEPT;
}

export function describeExpected(expected: Expected): string {
  return expected.accept ? 'accepted' : `refused with ${expected.reason}`;
}
