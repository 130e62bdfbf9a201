import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.js';
import { startBackgroundWork } from './background-work.js';
import type { Config } from './config.js';
import { createVerifierPool } from './credentials/verifier-pool.js';
import { loadBrowserScripts } from './http/browser-scripts.js';
import { markLeaving } from './http/health-state.js';
import { loggerOptions } from './http/logging.js';
import { cutUpgradeSockets } from './http/upgrade-guard.js';
import { createServices, type Services } from './services.js';
import { openStore } from './store/open-store.js';
import { withTimeout } from './with-timeout.js';

export interface RunningServer {
  app: FastifyInstance;
  services: Services;
  url: string;
  /** Graceful shutdown: see `shutDown`. */
  close(): Promise<void>;
}

/** While a shutdown waits for its last requests, idle keep-alive connections are closed this often. */
const IDLE_SWEEP_MS = 100;

/**
 * Graceful shutdown of a node (SIGTERM, a rolling restart), bounded by `config.shutdownTimeoutMs` from its start:
 *
 * 1. `/readyz` answers 503 (`shutting down`) at once, and the node keeps serving for `config.shutdownDrainMs` (half
 *    the bound at most), so that a load balancer checking it every second or two stops sending it new traffic. Its answers
 *    meanwhile say `Connection: close`, so no idle keep-alive connection is left to race its closing.
 * 2. It stops accepting connections; requests in flight finish; every socket finishes the frames it sent (a `send`
 *    being stored is committed and acknowledged) and closes with 1012 SERVICE_RESTART, to which clients answer with an
 *    immediate reconnection — through the load balancer, to another node.
 * 3. Past the bound, the connections left are cut; then the services and the store close, 2 s each at most, so a
 *    stalled database cannot hold a restart.
 */
export async function shutDown(app: FastifyInstance, services: Services, closeStore: () => Promise<void>): Promise<void> {
  const { shutdownTimeoutMs, shutdownDrainMs } = services.config;
  markLeaving(services, Date.now() + shutdownTimeoutMs);
  const closeAfterAnswer = (_request: IncomingMessage, response: ServerResponse) => {
    response.shouldKeepAlive = false;
  };
  app.server.prependListener('request', closeAfterAnswer);
  const deadline = setTimeout(() => {
    app.log.warn(`shutdown took over ${shutdownTimeoutMs} ms: closing the connections left`);
    app.server.closeAllConnections();
    cutUpgradeSockets(app.server);
  }, shutdownTimeoutMs);
  // A request in flight since before the shutdown leaves its keep-alive connection idle once answered: Node's
  // server.close() closes the idle ones only once, and this one would hold the shutdown until its keep-alive timeout.
  let sweep: NodeJS.Timeout | undefined;
  try {
    // Half the bound at most: the other half is for what is in flight.
    await sleep(Math.min(shutdownDrainMs, shutdownTimeoutMs / 2));
    sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
    await app.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
    app.server.off('request', closeAfterAnswer);
    // A stalled database must not hold a shutdown: 2 s each, then on.
    await withTimeout(services.close(), 2000, 'closing the services').catch(() => {});
    await withTimeout(closeStore(), 2000, 'closing the database').catch(() => {});
  }
}

/** Opens the store, makes sure the platform keys and the first admin exist, and listens. Used by `parley serve`. */
export async function startServer(config: Config, options: { logger?: boolean } = {}): Promise<RunningServer> {
  const log = pino(loggerOptions(options.logger === false ? { level: 'silent' } : {}));
  loadBrowserScripts(); // a missing build stops the start here, before anything is opened
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
  const background = startBackgroundWork(services, log);
  return {
    app,
    services,
    url: address,
    async close() {
      await background.stop();
      await shutDown(app, services, () => store.close());
    },
  };
}
