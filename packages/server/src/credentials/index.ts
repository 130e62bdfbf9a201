export { type AuthenticateRequest, CredentialsAuthenticator, type CredentialsAuthenticatorDeps } from './authenticate-credentials.js';
export { DatabaseReplayStore } from './database-replay-store.js';
export { InMemoryRateLimiter, type RateLimiter } from './rate-limiter.js';
export { InMemoryReplayStore, type ReplayStore } from './replay-store.js';
export { checkSingleUse, replayKeys } from './single-use.js';
export type * from './types.js';
export { type CredentialsVerifier, createInlineVerifier, type VerifyOptions } from './verifier.js';
export { createVerifierPool, type VerifierPoolOptions } from './verifier-pool.js';
export { verifyCredentials } from './verify-credentials.js';
