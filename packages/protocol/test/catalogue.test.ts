import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC_PATH, renderErrorsDoc } from '../../../scripts/errors-doc.js';
import {
  CREDENTIALS_REASON_CODES,
  isReasonCode,
  REASON_CODES,
  type ReasonCode,
  SDK_FAILURE_REASONS,
  sdkFailureReason,
} from '../src/index.js';

describe('reason-code catalogue', () => {
  it('lists spec §2.6 codes in check order, with ANONYMOUS_DISABLED apart', () => {
    expect(CREDENTIALS_REASON_CODES).toEqual([
      'RATE_LIMITED',
      'PROJECT_NOT_FOUND',
      'AUTHENTICATED_MODE_DISABLED',
      'NO_BRAND_KEY',
      'CREDENTIALS_MALFORMED',
      'UNSUPPORTED_KEY_MANAGEMENT_ALGORITHM',
      'UNSUPPORTED_CONTENT_ENCRYPTION',
      'DECRYPTION_FAILED',
      'NESTED_TOKEN_MALFORMED',
      'UNSUPPORTED_SIGNATURE_ALGORITHM',
      'SIGNATURE_INVALID',
      'ISSUER_MISSING',
      'ISSUER_MISMATCH',
      'EXPIRATION_MISSING',
      'EXPIRED',
      'LIFETIME_TOO_LONG',
      'NOT_YET_VALID',
      'USER_ID_MISSING',
      'USER_ID_INVALID',
      'VISITOR_DATA_INVALID',
      'CREDENTIALS_REPLAYED',
    ]);
    expect(isReasonCode('ANONYMOUS_DISABLED')).toBe(true);
    expect(isReasonCode('toString')).toBe(false);
  });

  it('gives every code a one-line hint, and retries only what spec §7.5 retries', () => {
    for (const [code, info] of Object.entries(REASON_CODES)) {
      expect(info.hint.length, code).toBeGreaterThan(20);
      expect(info.hint, code).not.toMatch(/\n/);
    }
    const retried = Object.entries(REASON_CODES)
      .filter(([, info]) => info.retryPolicy === 'RETRY_WITH_BACKOFF')
      .map(([code]) => code);
    expect(retried).toEqual(['RATE_LIMITED', 'CREDENTIALS_REPLAYED']);
  });

  it('maps codes to the exact SDK failure strings', () => {
    expect(sdkFailureReason('INVALID_OPTION')).toBe('A valid authentication option must be provided');
    expect(sdkFailureReason('ACTIVATION_ONGOING')).toBe('An activation is already ongoing');
    expect(sdkFailureReason('ALREADY_ACTIVATED')).toBe("Can't activate twice, please logout first");
    for (const code of ['PROJECT_NOT_FOUND', 'AUTHENTICATED_MODE_DISABLED', 'NO_BRAND_KEY', 'ANONYMOUS_DISABLED'] as ReasonCode[]) {
      expect(sdkFailureReason(code)).toBe('Failed to authenticate visitor from credentials : the website is not correctly setup (null)');
    }
    for (const code of ['EXPIRED', 'RATE_LIMITED', 'CREDENTIALS_REPLAYED', 'NETWORK_ERROR'] as const) {
      expect(sdkFailureReason(code)).toBe(SDK_FAILURE_REASONS.SERVER_ERROR);
    }
  });

  it('is what docs/reference/errors.md says (run `npm run docs:errors` after changing it)', () => {
    const doc = readFileSync(ERRORS_DOC_PATH, 'utf8');
    expect(doc).toBe(renderErrorsDoc());
    for (const code of Object.keys(REASON_CODES)) expect(doc).toContain(`| \`${code}\` |`);
  });
});
