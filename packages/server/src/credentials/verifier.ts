import type { VerificationInput, VerificationResult } from './types.js';
import { withoutReport } from './verifier-wire.js';
import { verifyCredentials } from './verify-credentials.js';

export interface VerifyOptions {
  /**
   * Include the checks, decoded headers and claims (for operators). Defaults to true; the
   * visitor hot path turns it off, since visitors only ever see the code.
   */
  report?: boolean;
}

/** Runs the pure pipeline somewhere: on this thread, or in a pool of worker threads. */
export interface CredentialsVerifier {
  verify(input: VerificationInput, options?: VerifyOptions): Promise<VerificationResult>;
  close(): Promise<void>;
}

/** Verifies on the calling thread: for the CLI, tests and tiny installations. */
export function createInlineVerifier(): CredentialsVerifier {
  return {
    verify: async (input, options) => {
      const result = verifyCredentials(input);
      return options?.report === false ? withoutReport(result) : result;
    },
    close: async () => {},
  };
}
