import {
  CLAIMS,
  CLOCK_SKEW_SECONDS,
  codePointLength,
  MAX_USER_ID_LENGTH,
  MAX_VISITOR_DATA_FIELD_LENGTH,
  VISITOR_DATA_FIELDS,
  type VisitorData,
} from '@parley/protocol';
import { unstorableText } from '../identity/storable-text.js';
import { describe, fail } from './stage-failure.js';
import type { CredentialsPolicy, JsonObject } from './types.js';

type PassCheck = (name: 'issuer' | 'expiration' | 'lifetime' | 'notBefore' | 'userId' | 'visitorData', detail: string) => void;

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checkIssuer(claims: JsonObject, policy: CredentialsPolicy): string {
  if (!('iss' in claims)) fail('issuer', 'ISSUER_MISSING', 'no iss claim');
  const iss = claims.iss;
  if (typeof iss !== 'string' || !policy.acceptedIssuers.includes(iss)) {
    fail('issuer', 'ISSUER_MISMATCH', `iss ${describe(iss)} is not one of ${describe(policy.acceptedIssuers)}`);
  }
  return iss;
}

function checkTimes(claims: JsonObject, policy: CredentialsPolicy, now: number, pass: PassCheck): number {
  const exp = claims.exp;
  if (!isNumber(exp)) fail('expiration', 'EXPIRATION_MISSING', `exp ${describe(exp)} is not a number`);
  if (exp <= now - CLOCK_SKEW_SECONDS) fail('expiration', 'EXPIRED', `expired ${now - exp} s ago (exp ${exp}, now ${now})`);
  pass('expiration', `exp ${exp}, in ${exp - now} s`);
  const allowed = policy.maxTokenLifetimeSeconds + CLOCK_SKEW_SECONDS;
  if (exp - now > allowed) {
    fail(
      'lifetime',
      'LIFETIME_TOO_LONG',
      `exp is ${exp - now} s away; at most ${policy.maxTokenLifetimeSeconds} s (+${CLOCK_SKEW_SECONDS} s skew) allowed`,
    );
  }
  pass('lifetime', `${exp - now} s ≤ ${allowed} s`);
  for (const name of ['nbf', 'iat'] as const) {
    if (!(name in claims)) continue;
    const value = claims[name];
    if (!isNumber(value)) fail('notBefore', 'NOT_YET_VALID', `${name} ${describe(value)} is not a number`);
    if (value > now + CLOCK_SKEW_SECONDS) fail('notBefore', 'NOT_YET_VALID', `${name} is ${value - now} s in the future`);
  }
  pass('notBefore', 'nbf and iat not in the future');
  return exp;
}

function checkUserId(claims: JsonObject): string {
  const userId = claims[CLAIMS.userId];
  if (userId === undefined) {
    const unprefixed = 'userId' in claims ? '; an unprefixed "userId" claim is present: rename it to https://iadvize.com/userId' : '';
    fail('userId', 'USER_ID_MISSING', `no ${CLAIMS.userId} claim${unprefixed}`);
  }
  if (typeof userId !== 'string' || userId.length === 0 || codePointLength(userId) > MAX_USER_ID_LENGTH) {
    const what = typeof userId === 'string' ? `${codePointLength(userId)} characters` : describe(userId);
    fail('userId', 'USER_ID_INVALID', `userId must be a non-empty string of at most ${MAX_USER_ID_LENGTH} characters (got ${what})`);
  }
  const unstorable = unstorableText(userId);
  if (unstorable) fail('userId', 'USER_ID_INVALID', `userId ${unstorable}`);
  return userId;
}

function checkVisitorData(claims: JsonObject): VisitorData | null {
  const raw = claims[CLAIMS.visitorData];
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw))
    fail('visitorData', 'VISITOR_DATA_INVALID', `visitorData ${describe(raw)} is not an object`);
  const visitorData: VisitorData = {};
  for (const field of VISITOR_DATA_FIELDS) {
    const value = (raw as JsonObject)[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || codePointLength(value) > MAX_VISITOR_DATA_FIELD_LENGTH) {
      fail(
        'visitorData',
        'VISITOR_DATA_INVALID',
        `visitorData.${field} must be a string of at most ${MAX_VISITOR_DATA_FIELD_LENGTH} characters`,
      );
    }
    const unstorable = unstorableText(value);
    if (unstorable) fail('visitorData', 'VISITOR_DATA_INVALID', `visitorData.${field} ${unstorable}`);
    visitorData[field] = value;
  }
  return visitorData;
}

export interface CheckedClaims {
  issuer: string;
  expiresAt: number;
  userId: string;
  visitorData: VisitorData | null;
  jti: string | null;
}

/** The claim checks of spec §2.3, in order; unknown visitorData fields are dropped. */
export function checkClaims(claims: JsonObject, policy: CredentialsPolicy, now: number, pass: PassCheck): CheckedClaims {
  const issuer = checkIssuer(claims, policy);
  pass('issuer', `iss ${issuer}`);
  const expiresAt = checkTimes(claims, policy, now, pass);
  const userId = checkUserId(claims);
  pass('userId', `userId ${describe(userId)}`);
  const visitorData = checkVisitorData(claims);
  pass('visitorData', visitorData ? `fields: ${Object.keys(visitorData).join(', ') || 'none'}` : 'none');
  const jti = claims.jti === undefined ? null : typeof claims.jti === 'string' ? claims.jti : JSON.stringify(claims.jti);
  return { issuer, expiresAt, userId, visitorData, jti };
}
