import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export interface ServeOptions {
  port?: string;
  dataDir?: string;
  demo?: boolean;
  demoPort?: string;
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
      '\nEnvironment: PARLEY_PORT, PARLEY_HOST, PARLEY_DATA_DIR, PARLEY_PUBLIC_URL, DATABASE_URL (PostgreSQL),\nPARLEY_SECRET (seals keys at rest; else <data dir>/secret), PARLEY_PLATFORM_KEY_BITS, PARLEY_TRUST_PROXY, PARLEY_AUTH_RATE_LIMIT,\nPARLEY_ADMIN_EMAIL + PARLEY_ADMIN_PASSWORD (first admin), PARLEY_METRICS_TOKEN, PARLEY_ALLOW_PRIVATE_JWKS,\nPARLEY_WEBHOOKS_ALLOW_LOOPBACK, PARLEY_WEBHOOKS_TIMEOUT_MS, REDIS_URL, PARLEY_REDIS_PREFIX, PARLEY_DB_POOL_SIZE, PARLEY_DB_CONNECT_TIMEOUT_MS, PARLEY_DB_STATEMENT_TIMEOUT_MS,\nPARLEY_DB_MAX_WAITING, PARLEY_SHUTDOWN_TIMEOUT_MS, PARLEY_SHUTDOWN_DRAIN_MS, PARLEY_MAX_PENDING_VERIFICATIONS, PARLEY_MAX_ACTIVATIONS_IN_PROGRESS,\nPARLEY_SHED_EVENT_LOOP_DELAY_MS, PARLEY_HTTP_REQUEST_TIMEOUT_MS, PARLEY_HTTP_HEADERS_TIMEOUT_MS, PARLEY_HTTP_IDLE_TIMEOUT_MS, PARLEY_HTTP_KEEP_ALIVE_TIMEOUT_MS,\nPARLEY_HTTP_MAX_CONNECTIONS_PER_IP, PARLEY_HTTP_MAX_REQUESTS_PER_IP, PARLEY_WS_MAX_PER_IP, PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP,\nPARLEY_WS_MAX_PER_SESSION, PARLEY_WS_MAX_BUFFERED_BYTES, PARLEY_WS_MAX_FRAMES_IN_FLIGHT,\nPARLEY_WS_MAX_FRAME_WAIT_MS, PARLEY_WS_MESSAGES_PER_SECOND.\nFrom files (secrets): PARLEY_SECRET_FILE, DATABASE_URL_FILE, REDIS_URL_FILE, PARLEY_ADMIN_PASSWORD_FILE.\nSee docs/reference/configuration.md.\n',
    )
    // The server (Fastify, the database drivers, the verifier) is loaded only when it is run.
    .action((options: ServeOptions) => done(import('../actions/serve.js').then(({ serve }) => serve(options, io))));
}
