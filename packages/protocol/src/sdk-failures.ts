import type { ReasonCode } from './reason-codes.js';

/** Codes only the SDK produces (spec §7.4). */
export const SDK_CODES = ['INVALID_OPTION', 'ACTIVATION_ONGOING', 'ALREADY_ACTIVATED', 'NETWORK_ERROR'] as const;
export type SdkCode = (typeof SDK_CODES)[number];

/** Every `code` an `activate()` failure can carry. */
export type ActivationFailureCode = ReasonCode | SdkCode;

/** The exact `reason` strings of spec §7.4: integrations compare them verbatim. */
export const SDK_FAILURE_REASONS = {
  INVALID_OPTION: 'A valid authentication option must be provided',
  ACTIVATION_ONGOING: 'An activation is already ongoing',
  ALREADY_ACTIVATED: "Can't activate twice, please logout first",
  WEBSITE_NOT_SETUP: 'Failed to authenticate visitor from credentials : the website is not correctly setup (null)',
  SERVER_ERROR: 'Failed to fetch authentication with a server error',
} as const;

export type SdkFailureReason = (typeof SDK_FAILURE_REASONS)[keyof typeof SDK_FAILURE_REASONS];

const WEBSITE_SETUP_CODES: ReadonlySet<string> = new Set<ActivationFailureCode>([
  'PROJECT_NOT_FOUND',
  'AUTHENTICATED_MODE_DISABLED',
  'NO_BRAND_KEY',
  'ANONYMOUS_DISABLED',
]);

/** Maps an activation failure code to the reason string the SDK resolves with. */
export function sdkFailureReason(code: ActivationFailureCode): SdkFailureReason {
  switch (code) {
    case 'INVALID_OPTION':
      return SDK_FAILURE_REASONS.INVALID_OPTION;
    case 'ACTIVATION_ONGOING':
      return SDK_FAILURE_REASONS.ACTIVATION_ONGOING;
    case 'ALREADY_ACTIVATED':
      return SDK_FAILURE_REASONS.ALREADY_ACTIVATED;
    default:
      return WEBSITE_SETUP_CODES.has(code) ? SDK_FAILURE_REASONS.WEBSITE_NOT_SETUP : SDK_FAILURE_REASONS.SERVER_ERROR;
  }
}
