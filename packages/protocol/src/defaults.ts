/** Defaults and limits of spec §2 and §4.1. Lengths count Unicode code points. */
export const DEFAULT_ISSUER = 'https://livechat.iadvize.com';
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 60;
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 60;
export const DEFAULT_SESSION_LIFETIME_SECONDS = 3600;
export const DEFAULT_AUTH_LOG_RETENTION_DAYS = 30;
export const CLOCK_SKEW_SECONDS = 30;
export const MAX_CREDENTIALS_BYTES = 8192;
export const MAX_USER_ID_LENGTH = 255;
export const MAX_VISITOR_DATA_FIELD_LENGTH = 255;
export const MIN_RSA_MODULUS_BITS = 2048;

/** The only algorithms accepted anywhere in the credentials (allowlists, never read from the token). */
export const CREDENTIALS_ALGORITHMS = {
  keyManagement: 'RSA-OAEP-256',
  contentEncryption: 'A256GCM',
  signature: 'RS256',
} as const;

/** Counts Unicode code points, the unit of every length limit in spec §2.3. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}
