import {
  type ActivationFailureCode,
  type ApiErrorCode,
  isReasonCode,
  SDK_CODES,
  SDK_FAILURE_REASONS,
  type SdkFailureReason,
  sdkFailureReason,
} from '@parley/protocol';
import type { AuthenticationOption } from './options.js';

/** `code` of a failed activation: a server reason code, an API error name, or an SDK code. */
export type FailureCode = ActivationFailureCode | ApiErrorCode;

export type ActivationResult =
  | { authentication: { option: AuthenticationOption | null; status: 'authentication-success' } }
  | {
      authentication: {
        option: AuthenticationOption | null;
        status: 'authentication-failure';
        reason: SdkFailureReason;
        code: FailureCode;
      };
    };

const isActivationCode = (code: FailureCode): code is ActivationFailureCode =>
  isReasonCode(code) || (SDK_CODES as readonly string[]).includes(code);

export const success = (option: AuthenticationOption): ActivationResult => ({
  authentication: { option, status: 'authentication-success' },
});

/** A failure whose `reason` is exactly the SPEC §7 string for its code. */
export function failure(option: AuthenticationOption | null, code: FailureCode): ActivationResult {
  const reason = isActivationCode(code) ? sdkFailureReason(code) : SDK_FAILURE_REASONS.SERVER_ERROR;
  return { authentication: { option, status: 'authentication-failure', reason, code } };
}
