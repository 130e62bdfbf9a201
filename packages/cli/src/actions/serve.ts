import type { BrandSite } from '@parley/example-brand-site';
import { ConfigError, loadConfig, startServer } from '@parley/server';
import type { ServeOptions } from '../commands/serve.js';
import { startDemo } from '../demo/start-demo.js';
import { CliError, type CliIo } from '../io.js';

function demoPortOf(value: string | undefined): number {
  const port = Number(value ?? process.env.PARLEY_DEMO_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--demo-port must be a port number, got "${value}"`, 2);
  return port;
}

export async function serve(options: ServeOptions, io: CliIo): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    // The demo runs alone on a laptop: no load balancer to drain for, so Ctrl+C stops it at once.
    const env = options.demo ? { PARLEY_SHUTDOWN_DRAIN_MS: '0', ...process.env } : process.env;
    config = loadConfig(env, { port: options.port, dataDir: options.dataDir });
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
  server.app.log.info(
    `shutting down: /readyz answers 503, serving ${Math.min(config.shutdownDrainMs, config.shutdownTimeoutMs / 2)} ms more for the load balancer, ` +
      'then requests in flight finish and sockets close with 1012 SERVICE_RESTART',
  );
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
