import type { RetryPolicy } from './reason-codes.js';

/** GraphQL error names beyond the reason codes (spec §5.4, §9.4), each with its retry policy. */
export const API_ERRORS = {
  UNAUTHENTICATED: {
    when: 'an operator or API bearer is missing where one is needed, or is invalid, expired or revoked (HTTP 401)',
    hint: 'Get a new bearer from POST /oauth2/token and send it as "Authorization: Bearer …".',
    retryPolicy: 'RETRY_AFTER_REAUTH',
  },
  PERMISSION_DENIED: {
    when: 'a valid bearer lacks the role or the project membership the field needs',
    hint: 'Ask an admin for the role or to add you to the project.',
    retryPolicy: 'NO_RETRY',
  },
  VALIDATION_FAILED: {
    when: 'an argument is missing, malformed or out of range',
    hint: 'The message names the argument and what it accepts.',
    retryPolicy: 'NO_RETRY',
  },
  NOT_FOUND: {
    when: 'the id names nothing you can see',
    hint: 'Check the id; objects of projects you are not a member of are not found either.',
    retryPolicy: 'NO_RETRY',
  },
  VISITOR_SESSION_EXPIRED: {
    when: 'the visitor session token is expired, revoked, of another audience (parley:test included) or badly signed',
    hint: 'Activate again: a secured activation asks the brand provider for fresh credentials.',
    retryPolicy: 'RETRY_AFTER_REAUTH',
  },
  SERVICE_UNAVAILABLE: {
    when: 'the database is unavailable or saturated (down, restarting, full, read-only, too many requests waiting) or the node is at capacity: HTTP 503 with Retry-After',
    hint: 'Retry with backoff, with the same credentials or token: nothing was refused, the node could not serve for a moment.',
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
  INTERNAL_ERROR: {
    when: 'an unexpected error (details are in the server log under the request id, never in the answer)',
    hint: 'Retry with backoff; if it persists, report the request id to the operator.',
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
} as const satisfies Record<string, { when: string; hint: string; retryPolicy: RetryPolicy }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** `extensions.code` of VISITOR_SESSION_EXPIRED, and the realtime close code that matches it. */
export const VISITOR_SESSION_EXPIRED_CODE = 1000;

/** Audiences of the tokens the platform signs for visitors. */
export const VISITOR_AUDIENCE = 'parley:visitor';
export const TEST_AUDIENCE = 'parley:test';
