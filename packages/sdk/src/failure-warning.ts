import { SDK_FAILURE_REASONS } from '@parley/protocol';
import type { ActivationResult } from './result.js';

/**
 * What to look at, by code. The SDK carries no copy of the server's catalogue (spec §7.5) and a visitor-facing answer
 * carries the code only (spec §2.7): a server code points to the reference, where its hint is, and to the operators'
 * tools. Terse on purpose: every byte here is in `/sdk/parley-core.js` (budget 8 KiB gzip).
 */
const HINTS: Record<string, string> = {
  INVALID_OPTION: 'the provider threw, rejected or gave no valid authenticationOption',
  ACTIVATION_ONGOING: 'await the previous activate()',
  ALREADY_ACTIVATED: 'logout() first',
  NETWORK_ERROR: 'server unreachable: check serverUrl',
};

/** The one console line of a failed activate(): its code, reason and a hint, never its credentials. Null for a success. */
export function failureWarning({ authentication }: ActivationResult): string | null {
  if (authentication.status === 'authentication-success') return null;
  const { code, reason } = authentication;
  const hint =
    HINTS[code] ??
    (reason === SDK_FAILURE_REASONS.WEBSITE_NOT_SETUP
      ? "check projectId and the project's settings (admin console)"
      : "see docs/reference/errors.md; the admin console's authentication log shows why");
  return `[parley] activate() failed: ${code} (${reason}): ${hint}`;
}
