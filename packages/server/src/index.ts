export { type AppOptions, buildApp } from './app.js';
export * from './auth-log/index.js';
export { CONFIG_VARIABLES, type Config, ConfigError, type ConfigFlags, loadConfig } from './config.js';
export * from './credentials/index.js';
export { ApiError, type ApiErrorName } from './errors.js';
export { type LoggerOptions, type LoggingOptions, loggerOptions, REDACTED, redactQuery, scrubSecrets } from './http/logging.js';
export {
  type AttemptOutcome,
  type AuthenticationKind,
  Metrics,
  type MetricsOptions,
  type MetricsRoutesOptions,
  metricsRoutes,
  observeHttpRequests,
  UNMATCHED_ROUTE,
} from './http/metrics.js';
export { PlatformKeyError, PlatformKeys, platformJwks } from './keys/platform-keys.js';
export { SealedBox } from './keys/sealed-box.js';
export * from './operators/index.js';
export { type BrandKey, BrandKeys } from './projects/brand-keys.js';
export { type AuthenticationSettings, DEFAULT_SETTINGS } from './projects/project-settings.js';
export { type Project, Projects } from './projects/projects.js';
export { createServices, type ServiceOptions, type Services } from './services.js';
export { type RunningServer, startServer } from './start-server.js';
export { openStore, type Store, type StoreOptions } from './store/open-store.js';
export {
  type Connection,
  type ConnectionArgs,
  DEFAULT_PAGE_SIZE,
  type Edge,
  encodeCursor,
  type KeysetOptions,
  type KeysetOrder,
  keysetConnection,
  MAX_PAGE_SIZE,
  type PageInfo,
  planPage,
} from './store/pagination.js';
export { serverSecret } from './store/server-secret.js';
