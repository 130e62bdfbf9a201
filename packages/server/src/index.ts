export { type AppDeps, buildApp } from './app.js';
export { type Config, ConfigError, type ConfigFlags, loadConfig } from './config.js';
export * from './credentials/index.js';
export { PlatformKeyError, PlatformKeys, platformJwks } from './keys/platform-keys.js';
export { SealedBox } from './keys/sealed-box.js';
export { type RunningServer, startServer } from './start-server.js';
export { openStore, type Store, type StoreOptions } from './store/open-store.js';
