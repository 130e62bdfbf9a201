import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createVerifierPool } from './credentials/verifier-pool.js';
import { loggerOptions } from './http/logging.js';
import { warmSdkScripts } from './http/sdk-routes.js';
import { createServices, type Services } from './services.js';
import { openStore } from './store/open-store.js';
import { withTimeout } from './with-timeout.js';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  /**
   * Graceful shutdown: sockets get GOING_AWAY (1001), requests in flight may finish, then the
   * services and the store close. Bounded by `config.shutdownTimeoutMs`: past it, the connections
   * left are cut and the store is closed anyway, so a stalled database cannot hold a restart.
   */
  close(): Promise<void>;
}

/** Opens the store, makes sure the platform keys and the first admin exist, and listens. Used by `parley serve`. */
export async function startServer(config: Config, options: { logger?: boolean } = {}): Promise<RunningServer> {
  const log = pino(loggerOptions(options.logger === false ? { level: 'silent' } : {}));
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, limits: config.database, log });
  const verifier = createVerifierPool({ maxPending: config.maxPendingVerifications });
  let services: Services | undefined;
  let app: FastifyInstance | undefined;
  let address: string;
  try {
    services = await createServices({ config, store, verifier, log });
    await services.platformKeys.decryptionKeys(); // fails early when the secret does not open the stored keys
    app = await buildApp(config, services, { logger: log });
    // Node's 511 lost SYNs in a burst of new connections (clients retry after 1, 3, 7 s); the node refuses
    // what it cannot serve in microseconds, so a longer queue drains fast. The kernel caps it at somaxconn.
    address = await app.listen({ port: config.port, host: config.host, backlog: 4096 });
  } catch (error) {
    // A start that fails must end the process: nothing it opened may keep the event loop alive.
    await app?.close();
    await (services ?? verifier).close();
    await store.close();
    throw error;
  }
  warmSdkScripts().catch((error: unknown) => app.log.error({ err: error }, 'building the SDK scripts failed'));
  // Hourly housekeeping: authentication events past their retention, expired bearers, used or expired transfer tokens.
  const retention = setInterval(() => {
    services.authLog.purgeExpired().catch((error) => app.log.error(error));
    services.accessTokens.deleteExpired().catch((error) => app.log.error(error));
    services.transfers.purge().catch((error) => app.log.error(error));
  }, 3_600_000);
  retention.unref();
  return {
    app,
    services,
    url: address,
    async close() {
      clearInterval(retention);
      const deadline = setTimeout(() => {
        app.log.warn(`shutdown took over ${config.shutdownTimeoutMs} ms: closing the connections left`);
        app.server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      try {
        await app.close();
      } finally {
        clearTimeout(deadline);
        // A stalled database must not hold a shutdown: 2 s each, then on.
        await withTimeout(services.close(), 2000, 'closing the services').catch(() => {});
        await withTimeout(store.close(), 2000, 'closing the database').catch(() => {});
      }
    },
  };
}
