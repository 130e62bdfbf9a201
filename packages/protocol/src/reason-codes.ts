/** How a client should react to an error carrying this code. */
export type RetryPolicy = 'NO_RETRY' | 'RETRY_WITH_BACKOFF' | 'RETRY_AFTER_REAUTH';

/**
 * `token`: decidable from the credentials and keys alone.
 * `server`: needs project or installation state (rate limits, settings, replay memory).
 */
export type ReasonScope = 'token' | 'server';

export interface ReasonCodeInfo {
  readonly hint: string;
  readonly retryPolicy: RetryPolicy;
  readonly scope: ReasonScope;
  /** When the server answers with this code (spec §2.6). */
  readonly when: string;
}

/**
 * The credential reason codes of spec §2.6, in the order the checks run: the first failure
 * wins. `RATE_LIMITED` is decided before any parsing. `ANONYMOUS_DISABLED` belongs to
 * `visitorAuthenticateAnonymously` and is not part of the credentials pipeline.
 */
export const REASON_CODES = {
  RATE_LIMITED: {
    when: 'too many attempts for this (IP, project)',
    hint: 'Too many authentication attempts from this address for this project: wait a minute, or raise PARLEY_AUTH_RATE_LIMIT on the server.',
    retryPolicy: 'RETRY_WITH_BACKOFF',
    scope: 'server',
  },
  PROJECT_NOT_FOUND: {
    when: 'no project has this id, whatever its form',
    hint: 'No project has this id: copy the project id from the admin console (Install snippet) into the SDK configuration.',
    retryPolicy: 'NO_RETRY',
    scope: 'server',
  },
  AUTHENTICATED_MODE_DISABLED: {
    when: 'project has authenticated mode off',
    hint: 'Authenticated mode is off for this project: switch it on in the admin console or with projectUpdateAuthentication.',
    retryPolicy: 'NO_RETRY',
    scope: 'server',
  },
  NO_BRAND_KEY: {
    when: 'project has no active brand key',
    hint: "The project has no active brand key: add your token provider's public key (PEM, JWK or JWKS URL) with brandKeyAdd.",
    retryPolicy: 'NO_RETRY',
    scope: 'server',
  },
  CREDENTIALS_MALFORMED: {
    when: 'not a compact JWE, bad base64url/JSON, `zip`/`crit` header, over 8 KiB',
    hint: 'Expected a compact JWE (5 base64url parts, at most 8 KiB, no zip or crit header): pass the token string exactly as your provider returned it.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM: {
    when: 'JWE `alg` ≠ RSA-OAEP-256',
    hint: 'Encrypt the credentials with alg RSA-OAEP-256 (not RSA1_5, RSA-OAEP, dir or ECDH-ES).',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  UNSUPPORTED_CONTENT_ENCRYPTION: {
    when: 'JWE `enc` ≠ A256GCM',
    hint: 'Encrypt the credentials with enc A256GCM.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  DECRYPTION_FAILED: {
    when: 'encrypted for another key, unknown `kid`, or tampered (indistinguishable on purpose)',
    hint: "The platform could not decrypt the credentials: encrypt them with this server's current public key (/.well-known/jwks.json) and send them unmodified.",
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  NESTED_TOKEN_MALFORMED: {
    when: 'plaintext is not a compact JWS',
    hint: 'The decrypted content must be a compact JWS (header.payload.signature) whose payload is a JSON object of claims.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  UNSUPPORTED_SIGNATURE_ALGORITHM: {
    when: 'JWS `alg` ≠ RS256 (covers `none`, HS256, ES256…)',
    hint: 'Sign the inner token with alg RS256 and your RSA brand private key.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  SIGNATURE_INVALID: {
    when: 'no active brand key verifies it',
    hint: "No active brand key of this project verifies the signature: register the public half of the key your provider signs with, or check that it wasn't revoked.",
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  ISSUER_MISSING: {
    when: '`iss` absent',
    hint: 'Add an iss claim; the default accepted issuer is https://livechat.iadvize.com.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  ISSUER_MISMATCH: {
    when: '`iss` not a string or not accepted',
    hint: "The iss claim is not one of the project's accepted issuers: set iss to an accepted issuer or add it to the project's settings.",
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  EXPIRATION_MISSING: {
    when: '`exp` absent or not a number',
    hint: 'Add an exp claim as a number of seconds since the epoch, about 60 s after now.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  EXPIRED: {
    when: '`exp` past (30 s skew allowed)',
    hint: "The credentials have expired: mint fresh ones for every activation and check the provider's clock.",
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  LIFETIME_TOO_LONG: {
    when: '`exp` further away than the max token lifetime + 30 s',
    hint: "The exp claim is further away than the project's max token lifetime (default 60 s): shorten the lifetime or raise the setting.",
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  NOT_YET_VALID: {
    when: '`nbf`/`iat` in the future (30 s skew allowed) or not a number',
    hint: "nbf or iat lies in the future (or is not a number): check the provider's clock and send numeric seconds.",
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  USER_ID_MISSING: {
    when: 'no prefixed userId',
    hint: 'Add the claim https://iadvize.com/userId with your stable user id.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  USER_ID_INVALID: {
    when: 'userId empty, not a string, longer than 255 code points, or holding U+0000 or a lone surrogate',
    hint: 'https://iadvize.com/userId must be a non-empty string of at most 255 characters, without U+0000 or unpaired UTF-16 surrogates.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  VISITOR_DATA_INVALID: {
    when: 'visitorData not an object, or a known field not a string ≤ 255 or holding U+0000 or a lone surrogate',
    hint: 'https://iadvize.com/visitorData must be an object whose known fields (firstName, lastName, address, zipCode, city, country, phoneNumber, email) are strings of at most 255 characters, without U+0000 or unpaired UTF-16 surrogates.',
    retryPolicy: 'NO_RETRY',
    scope: 'token',
  },
  CREDENTIALS_REPLAYED: {
    when: 'the same signed token or (project, `iss`, `jti`) was already used',
    hint: 'These credentials were already used: mint fresh ones (with a random jti) for every activation.',
    retryPolicy: 'RETRY_WITH_BACKOFF',
    scope: 'server',
  },
  ANONYMOUS_DISABLED: {
    when: 'anonymous visitors are not allowed on the project (`visitorAuthenticateAnonymously` only)',
    hint: 'This project does not allow anonymous visitors: activate with SECURED_AUTHENTICATION, or allow anonymous visitors in the project settings.',
    retryPolicy: 'NO_RETRY',
    scope: 'server',
  },
} as const satisfies Record<string, ReasonCodeInfo>;

export type ReasonCode = keyof typeof REASON_CODES;

/** The codes the credentials pipeline can produce, in check order. */
export const CREDENTIALS_REASON_CODES = (Object.keys(REASON_CODES) as ReasonCode[]).filter((code) => code !== 'ANONYMOUS_DISABLED');

export function isReasonCode(value: unknown): value is ReasonCode {
  return typeof value === 'string' && Object.hasOwn(REASON_CODES, value);
}

export function hintFor(code: ReasonCode): string {
  return REASON_CODES[code].hint;
}
