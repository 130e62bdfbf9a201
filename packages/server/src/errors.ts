import {
  API_ERRORS,
  type ApiErrorCode,
  REASON_CODES,
  type ReasonCode,
  type RetryPolicy,
  VISITOR_SESSION_EXPIRED_CODE,
} from '@parley/protocol';

/** Error names of spec §9.4 raised by services: the API errors and the reason codes. */
export type ApiErrorName = Exclude<ApiErrorCode, 'INTERNAL_ERROR'> | ReasonCode;

/** An error a caller can act on: its message says what to do and never holds secrets. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorName,
    message: string,
  ) {
    super(message);
  }

  /** `extensions` of the GraphQL error: the stable name, its retry policy, and `code: 1000` for an expired visitor session. */
  get extensions(): { name: ApiErrorName; retryPolicy: RetryPolicy; code?: number } {
    const retryPolicy = (this.code in REASON_CODES ? REASON_CODES[this.code as ReasonCode] : API_ERRORS[this.code as ApiErrorCode])
      .retryPolicy;
    return this.code === 'VISITOR_SESSION_EXPIRED'
      ? { name: this.code, retryPolicy, code: VISITOR_SESSION_EXPIRED_CODE }
      : { name: this.code, retryPolicy };
  }
}

/** The visitor-facing failure of an activation: the reason code only, no hint (spec §2.7). */
export const reasonError = (reason: ReasonCode): ApiError => new ApiError(reason, reason);

export const sessionExpired = (): ApiError =>
  new ApiError('VISITOR_SESSION_EXPIRED', 'the visitor session is expired, revoked or not valid here: activate again');
