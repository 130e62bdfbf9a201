export { InMemoryReplayStore, type ReplayStore } from './replay-store.js';
export { checkSingleUse, replayKeys } from './single-use.js';
export type * from './types.js';
export { type CredentialsVerifier, type VerifyOptions, createInlineVerifier } from './verifier.js';
export { type VerifierPoolOptions, createVerifierPool } from './verifier-pool.js';
export { verifyCredentials } from './verify-credentials.js';
