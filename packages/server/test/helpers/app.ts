import type { FastifyInstance } from 'fastify';
import { type AppOptions, buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { CredentialsVerifier } from '../../src/credentials/verifier.js';
import type { Log } from '../../src/log.js';
import { createServices, type Services } from '../../src/services.js';
import type { Store } from '../../src/store/open-store.js';
import { type DIALECTS, openTestStore } from './stores.js';

export interface TestApp {
  app: FastifyInstance;
  services: Services;
  config: Config;
  dispose(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  now?: () => Date;
  newId?: () => string;
  log?: Log;
  realtime?: AppOptions['realtime'];
  verifier?: CredentialsVerifier;
}

/** The whole server on `store`, with an injectable clock and cheap password hashing; `dispose` closes the store after it. */
export async function testAppOn(store: Store, options: TestAppOptions = {}, closeStore = () => store.close()): Promise<TestApp> {
  const config = loadConfig({ PARLEY_PUBLIC_URL: 'https://parley.test', ...options.env });
  const services = await createServices({
    config,
    store,
    passwordCost: 2 ** 10,
    ...(options.now ? { now: options.now } : {}),
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.verifier ? { verifier: options.verifier } : {}),
  });
  const app = await buildApp(config, services, options.realtime ? { realtime: options.realtime } : {});
  return {
    app,
    services,
    config,
    async dispose() {
      await app.close();
      await services.close();
      await closeStore();
    },
  };
}

/** The whole server on a fresh store of the dialect. */
export async function openTestApp(dialect: (typeof DIALECTS)[number], options: TestAppOptions = {}): Promise<TestApp> {
  const testStore = await openTestStore(dialect);
  return testAppOn(testStore.store, options, () => testStore.dispose());
}

/** A logger that keeps `level: message` lines, for tests of what the server says. */
export function capturingLog(): { lines: string[]; log: Log } {
  const lines: string[] = [];
  const at = (level: string) => (_fields: object, message: string) => lines.push(`${level}: ${message}`);
  return { lines, log: { error: at('error'), warn: at('warn'), info: at('info') } };
}
