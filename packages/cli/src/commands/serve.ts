import type { BrandSite } from '@parley/example-brand-site';
import { ConfigError, loadConfig, startServer } from '@parley/server';
import type { Command } from 'commander';
import { startDemo } from '../demo/start-demo.js';
import { CliError, type CliIo } from '../io.js';

interface Options {
  port?: string;
  dataDir?: string;
  demo?: boolean;
  demoPort?: string;
}

function demoPortOf(value: string | undefined): number {
  const port = Number(value ?? process.env.PARLEY_DEMO_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--demo-port must be a port number, got "${value}"`, 2);
  return port;
}

async function serve(options: Options, io: CliIo): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, { port: options.port, dataDir: options.dataDir });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 2);
    throw error;
  }
  const demoPort = options.demo ? demoPortOf(options.demoPort) : 0;
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${config.port} is already in use: pass --port or set PARLEY_PORT.`);
    throw new CliError(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { services } = server;
  io.err(`Parley is listening on ${server.url} (${services.store.dialect === 'sqlite' ? `SQLite in ${config.dataDir}` : 'PostgreSQL'})\n`);
  if (services.initialAdminCreated)
    io.err(`Created the first admin, ${config.initialAdmin?.email}: get a bearer from POST /oauth2/token.\n`);
  else if ((await services.operators.count()) === 0)
    if (!options.demo)
      io.err('No operator exists yet: set PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD and restart to create the first admin.\n');
  let site: BrandSite | null = null;
  try {
    if (options.demo) site = await startDemo(services, config, demoPort, io);
  } catch (error) {
    await server.close();
    throw error;
  }
  const stopKeepingAlive = keepServing(server);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // A second signal during the shutdown ends the process at once.
  const now = () => process.exit(130);
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  server.app.log.info('shutting down: sockets closed with 1001 GOING_AWAY, requests in flight may finish');
  await site?.close();
  await server.close();
  stopKeepingAlive();
  // Whatever a stalled database still holds open (a connection waiting on a hung server) must not keep the process.
  setTimeout(() => process.exit(0), 500).unref();
  return 0;
}

/**
 * A promise nobody awaited that rejects (a database call in a timer, say) must not take every
 * conversation of this node down with it: it is logged with its stack and the node keeps serving.
 * An uncaught exception still ends the process (its state is unknown), after being logged.
 */
function keepServing(server: Awaited<ReturnType<typeof startServer>>): () => void {
  const onRejection = (reason: unknown) => server.app.log.error({ err: reason }, 'unhandled promise rejection (the node keeps serving)');
  const onException = (error: Error) => {
    server.app.log.fatal({ err: error }, 'uncaught exception: the process exits');
    process.exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

export function registerServe(program: Command, io: CliIo, done: (code: Promise<number>) => void): void {
  program
    .command('serve')
    .description('run the Parley platform server')
    .option('--port <port>', 'port to listen on (PARLEY_PORT, default 8080)')
    .option('--data-dir <dir>', 'where the SQLite database and the generated secret live (PARLEY_DATA_DIR, default ./.parley)')
    .option('--demo', 'seed a demo project, admin and agent (passwords printed) and serve the demo brand site')
    .option('--demo-port <port>', 'port of the demo brand site (PARLEY_DEMO_PORT, default 3000)')
    .addHelpText(
      'after',
      '\nEnvironment: PARLEY_PORT, PARLEY_HOST, PARLEY_DATA_DIR, PARLEY_PUBLIC_URL, DATABASE_URL (PostgreSQL),\nPARLEY_SECRET (seals keys at rest; else <data dir>/secret), PARLEY_PLATFORM_KEY_BITS, PARLEY_TRUST_PROXY, PARLEY_AUTH_RATE_LIMIT,\nPARLEY_ADMIN_EMAIL + PARLEY_ADMIN_PASSWORD (first admin), PARLEY_METRICS_TOKEN, PARLEY_ALLOW_PRIVATE_JWKS,\nREDIS_URL, PARLEY_REDIS_PREFIX, PARLEY_DB_POOL_SIZE, PARLEY_DB_CONNECT_TIMEOUT_MS, PARLEY_DB_STATEMENT_TIMEOUT_MS,\nPARLEY_DB_MAX_WAITING, PARLEY_SHUTDOWN_TIMEOUT_MS, PARLEY_MAX_PENDING_VERIFICATIONS, PARLEY_MAX_ACTIVATIONS_IN_PROGRESS,\nPARLEY_SHED_EVENT_LOOP_DELAY_MS, PARLEY_HTTP_REQUEST_TIMEOUT_MS, PARLEY_HTTP_HEADERS_TIMEOUT_MS, PARLEY_HTTP_IDLE_TIMEOUT_MS, PARLEY_HTTP_KEEP_ALIVE_TIMEOUT_MS,\nPARLEY_HTTP_MAX_CONNECTIONS_PER_IP, PARLEY_HTTP_MAX_REQUESTS_PER_IP, PARLEY_WS_MAX_PER_IP, PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP,\nPARLEY_WS_MAX_PER_SESSION, PARLEY_WS_MAX_BUFFERED_BYTES, PARLEY_WS_MAX_FRAMES_IN_FLIGHT,\nPARLEY_WS_MESSAGES_PER_SECOND. See docs/reference/configuration.md.\n',
    )
    .action((options: Options) => done(serve(options, io)));
}
