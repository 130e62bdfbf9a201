export {
  ACCESS_TOKEN_LIFETIME_SECONDS,
  AccessTokens,
  API_BEARER_PREFIX,
  type IssuedAccessToken,
  isOpaqueBearer,
  OPERATOR_BEARER_PREFIX,
  type Principal,
} from './access-tokens.js';
export { initialAdminWarning } from './initial-admin-warning.js';
export { type LoginAttemptLimiter, LoginLimiter, type LoginLimiterOptions, type LoginLimitResult } from './login-limiter.js';
export { type OAuthRouteDeps, oauthRoutes } from './oauth-routes.js';
export { type InitialAdminOutcome, type Operator, type OperatorPatch, Operators } from './operators.js';
export {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  type PasswordHasher,
  type PasswordHashOptions,
  passwordHasher,
  verifyAgainstDummy,
  verifyPassword,
} from './password-hash.js';
export { CLIENT_ID_PREFIX, CLIENT_SECRET_PREFIX, type ProjectApiKey, ProjectApiKeys } from './project-api-keys.js';
export { RedisLoginLimiter, type RedisLoginLimiterOptions } from './redis-login-limiter.js';
