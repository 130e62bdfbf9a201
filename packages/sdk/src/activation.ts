import type { Backoff } from './backoff.js';
import { MAX_ATTEMPTS } from './backoff.js';
import type { CallResult } from './graphql-client.js';
import { type AuthenticationOption, type AuthenticationProvider, askProvider, isSecured } from './options.js';
import type { FailureCode } from './result.js';
import type { IssuedSession } from './visitor-api.js';

/** One attempt against the server with an option (the stored session is the attempt's business). */
export type Attempt = (option: AuthenticationOption) => Promise<CallResult<IssuedSession>>;

export type RunOutcome =
  | { ok: true; option: AuthenticationOption; session: IssuedSession }
  /** `retryable`: the last failure may pass later (the network, a busy server, a provider that failed). */
  | { ok: false; option: AuthenticationOption | null; code: FailureCode; retryable: boolean };

/**
 * Runs attempts until one succeeds, a code that must not be retried comes back, or MAX_ATTEMPTS
 * is reached. Every retry of a secured activation asks the provider for fresh credentials;
 * CREDENTIALS_REPLAYED is retried once only (spec §7.5).
 */
export async function runAttempts(
  first: AuthenticationOption,
  provider: AuthenticationProvider,
  attempt: Attempt,
  backoff: Backoff,
): Promise<RunOutcome> {
  let option = first;
  let replayedRetries = 0;
  for (let attemptNumber = 1; ; attemptNumber++) {
    const result = await attempt(option);
    if (result.ok) return { ok: true, option, session: result.data };
    const replayed = result.code === 'CREDENTIALS_REPLAYED';
    if (!result.retryable || attemptNumber >= MAX_ATTEMPTS || (replayed && replayedRetries >= 1))
      return { ok: false, option, code: result.code, retryable: result.retryable };
    if (replayed) replayedRetries++;
    await backoff(attemptNumber, result.code);
    if (isSecured(option)) {
      // Fresh credentials, or nothing: a provider that switches to another option type mid-activation is not valid.
      const fresh = await askProvider(provider);
      if (fresh === null || !isSecured(fresh)) return { ok: false, option: null, code: 'INVALID_OPTION', retryable: fresh === null };
      option = fresh;
    }
  }
}
