import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { createVerifierPool } from './credentials/verifier-pool.js';
import { warmSdkScripts } from './http/sdk-routes.js';
import { createServices, type Services } from './services.js';
import { openStore } from './store/open-store.js';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  close(): Promise<void>;
}

/** Opens the store, makes sure the platform keys and the first admin exist, and listens. Used by `parley serve`. */
export async function startServer(config: Config, options: { logger?: boolean } = {}): Promise<RunningServer> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const services = await createServices({ config, store, verifier: createVerifierPool() });
  await services.platformKeys.decryptionKeys(); // fails early when PARLEY_SECRET does not open the stored keys
  const app = await buildApp(config, services, { logger: options.logger ?? true });
  const address = await app.listen({ port: config.port, host: config.host });
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
      await app.close();
      await services.close();
      await store.close();
    },
  };
}
