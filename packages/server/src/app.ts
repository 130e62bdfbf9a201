import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { publicRoutes } from './http/public-routes.js';
import type { PlatformKeys } from './keys/platform-keys.js';
import type { Store } from './store/open-store.js';

export interface AppDeps {
  store: Store;
  platformKeys: PlatformKeys;
  now: () => Date;
}

/** Builds the server without listening, so tests drive it with `inject()`. */
export async function buildApp(config: Config, deps: AppDeps, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  await app.register(publicRoutes(deps));
  return app;
}
