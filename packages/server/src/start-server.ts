import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { PlatformKeys } from './keys/platform-keys.js';
import { SealedBox } from './keys/sealed-box.js';
import { openStore, type Store } from './store/open-store.js';

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  url: string;
  close(): Promise<void>;
}

/** Opens the store, makes sure the platform keys exist, and listens. Used by `parley serve`. */
export async function startServer(config: Config, options: { logger?: boolean } = {}): Promise<RunningServer> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const now = () => new Date();
  const platformKeys = new PlatformKeys({ store, box: new SealedBox(config.secret), now, rsaBits: config.platformKeyBits });
  await platformKeys.ensure();
  await platformKeys.decryptionKeys(); // fails early when PARLEY_SECRET does not open the stored keys
  const app = await buildApp(config, { store, platformKeys, now }, { logger: options.logger ?? true });
  const address = await app.listen({ port: config.port, host: config.host });
  return {
    app,
    store,
    url: address,
    async close() {
      await app.close();
      await store.close();
    },
  };
}
