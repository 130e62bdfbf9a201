import type { FastifyInstance } from 'fastify';
import { buildApp, type Config, createServices, loadConfig, type Services } from '../../src/index.js';
import { type DIALECTS, openTestStore } from './stores.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  dispose(): Promise<void>;
}

/** The whole server on a fresh store of the dialect, with an injectable clock and cheap password hashing. */
export async function openTestApp(
  dialect: (typeof DIALECTS)[number],
  options: { env?: Record<string, string>; now?: () => Date } = {},
): Promise<TestApp> {
  const testStore = await openTestStore(dialect);
  const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://parley.test', ...options.env });
  const services = await createServices({
    config,
    store: testStore.store,
    passwordCost: 2 ** 10,
    ...(options.now ? { now: options.now } : {}),
  });
  const app = await buildApp(config, services);
  return {
    app,
    services,
    config,
    async dispose() {
      await app.close();
      await services.close();
      await testStore.dispose();
    },
  };
}
