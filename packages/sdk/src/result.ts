import { type ActivationFailureCode, type ApiErrorCode, type SdkFailureReason, sdkFailureReason } from '@parley/protocol';
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

export const success = (option: AuthenticationOption): ActivationResult => ({
  authentication: { option, status: 'authentication-success' },
});

/** A failure whose `reason` is exactly the spec §7.4 string for its code. */
export function failure(option: AuthenticationOption | null, code: FailureCode): ActivationResult {
  // An API error name (VALIDATION_FAILED, …) is not an activation code: it maps to the server-error string like every other.
  const reason = sdkFailureReason(code as ActivationFailureCode);
  return { authentication: { option, status: 'authentication-failure', reason, code } };
}
