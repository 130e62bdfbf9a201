/** The checks of one credential presentation: never a 5xx or INTERNAL_ERROR, accepted exactly when valid, refused with the predicted reason code. */
import { REASON_CODES, type ReasonCode } from '@parley/protocol';
import { describeExpected, type Expected } from '../lib/credential-model.js';
import type { HttpAnswer } from '../lib/http.js';

export interface CredentialVerdict {
  accepted: boolean;
  /** The visitor session token of an accepted activation. */
  accessToken: string | null;
}

interface Body {
  data?: Record<string, { visitorSessionToken?: { accessToken?: unknown } | null; ok?: unknown; reason?: unknown } | null> | null;
  errors?: { extensions?: { name?: unknown } }[];
}

const isReasonCode = (name: unknown): name is ReasonCode => typeof name === 'string' && Object.hasOwn(REASON_CODES, name);

function fail(message: string, answer: HttpAnswer): never {
  throw new Error(`${message}\n  HTTP ${answer.status}: ${answer.text.slice(0, 1500)}`);
}

/** Checks the answer of `visitorAuthenticateFromCredentials` (route activate) or of the test mutation (route test), under alias `x`. */
export function checkCredentialAnswer(answer: HttpAnswer, route: 'activate' | 'test', expected: Expected): CredentialVerdict {
  if (answer.status >= 500) fail(`a ${answer.status} answer`, answer);
  if (answer.text.includes('INTERNAL_ERROR')) fail('an INTERNAL_ERROR', answer);
  const body = answer.json as Body | undefined;
  if (!body || typeof body !== 'object') fail('an answer that is not JSON', answer);
  const result = body.data?.x ?? null;
  let accepted: boolean;
  let reason: unknown;
  let accessToken: string | null = null;
  if (route === 'activate') {
    const token = result?.visitorSessionToken?.accessToken;
    accepted = typeof token === 'string';
    if (accepted) accessToken = token as string;
    reason = body.errors?.[0]?.extensions?.name;
  } else {
    if (!result || typeof result.ok !== 'boolean') fail('the test mutation did not answer { ok }', answer);
    accepted = result.ok;
    reason = result.reason;
  }
  if (accepted && !expected.accept) fail(`ACCEPTED, expected ${describeExpected(expected)}`, answer);
  if (!accepted && expected.accept) fail(`refused with ${String(reason)}, expected accepted`, answer);
  if (!accepted) {
    if (!isReasonCode(reason)) fail(`refused with ${String(reason)}, which is not a reason code of @parley/protocol`, answer);
    if (!expected.accept && reason !== expected.reason) fail(`refused with ${reason}, expected ${expected.reason}`, answer);
  }
  return { accepted, accessToken };
}
