export { DatabaseReplayStore } from './database-replay-store.js';
export { InMemoryReplayStore, type ReplayStore } from './replay-store.js';
export { checkSingleUse, replayKeys } from './single-use.js';
export type * from './types.js';
export { type CredentialsVerifier, createInlineVerifier, type VerifyOptions } from './verifier.js';
export { createVerifierPool, type VerifierPoolOptions } from './verifier-pool.js';
export { verifyCredentials } from './verify-credentials.js';
