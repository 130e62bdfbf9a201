/**
 * The embedding API of `@parley/server`: run the platform (`startServer`), or assemble it inside your
 * own process (`loadConfig` → `openStore` → `createServices` → `buildApp`), and verify credentials
 * offline (`verifyCredentials`, what `parley token inspect` does). `startServer` also runs the background
 * work, which an assembled server starts with `startBackgroundWork`: the webhook dispatcher, the hourly
 * housekeeping (retention, expired bearers), and on SQLite the search indexing of new messages (without it,
 * searches index what they need first); call its `stop()` before `services.close()` and closing the store.
 * Everything else is internal and may change in any release; the supported surfaces are
 * `parley serve`, its configuration variables and the GraphQL API.
 */
export { type AppOptions, buildApp } from './app.js';
export { type BackgroundWork, startBackgroundWork } from './background-work.js';
export { CONFIG_VARIABLES, type Config, ConfigError, type ConfigFlags, loadConfig } from './config.js';
export type {
  BrandVerificationKey,
  Check,
  CheckName,
  CredentialsPolicy,
  DecodedCredentials,
  PlatformDecryptionKey,
  VerificationFailure,
  VerificationInput,
  VerificationResult,
  VerificationSuccess,
  VerifiedCredentials,
} from './credentials/types.js';
export { type CredentialsVerifier, createInlineVerifier, type VerifyOptions } from './credentials/verifier.js';
export { createVerifierPool, type VerifierPoolOptions } from './credentials/verifier-pool.js';
export { verifyCredentials } from './credentials/verify-credentials.js';
export { createServices, type ServiceOptions, type Services } from './services.js';
export { type RunningServer, startServer } from './start-server.js';
export { openStore, type Store, type StoreOptions } from './store/open-store.js';
