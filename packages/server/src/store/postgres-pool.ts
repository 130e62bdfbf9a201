import type { PostgresPool, PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { type Log, throttledWarning } from '../log.js';
import { preparedName } from './prepared-statements.js';
import { classifyStorageError, StoreUnavailableError } from './storage-faults.js';

export interface DatabaseLimits {
  /** Connections per node. */
  poolSize: number;
  /** Milliseconds to get a connection (a new one, or a turn on a busy pool) before failing with 503. */
  connectTimeoutMs: number;
  /** PostgreSQL's statement_timeout; the client gives up 2 s later should the server not answer at all. 0 = none. */
  statementTimeoutMs: number;
  /** Requests that may wait for a connection; beyond them, requests are shed with 503 at once. */
  maxWaiting: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  poolSize: 10,
  connectTimeoutMs: 5000,
  statementTimeoutMs: 10_000,
  maxWaiting: 200,
};

/** How long after statement_timeout the client stops waiting for a server that does not answer at all (hung, SIGSTOP). */
const CLIENT_TIMEOUT_SLACK_MS = 2000;

export interface GuardedPool extends PostgresPool {
  /** Requests waiting for a connection now. */
  readonly waiting: number;
}

/**
 * A pg pool that survives its database: an idle connection killed by a restart or failover is
 * logged and replaced (without an `'error'` listener it would crash the process); every wait is
 * bounded (connection, statement, server silence); a connection that failed is discarded, not
 * reused; and when too many requests already wait, the next one is refused at once.
 */
export function createPostgresPool(options: { url: string; schema: string | undefined; limits: DatabaseLimits; log: Log }): GuardedPool {
  const { limits, log } = options;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: limits.poolSize,
    connectionTimeoutMillis: limits.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    ...(limits.statementTimeoutMs > 0
      ? { statement_timeout: limits.statementTimeoutMs, query_timeout: limits.statementTimeoutMs + CLIENT_TIMEOUT_SLACK_MS }
      : {}),
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  const connectionLost = throttledWarning(
    log,
    'a database connection was lost (a restart, a failover or a killed backend); the pool opens new ones when needed',
  );
  // An idle connection that dies is reported here; without a listener its 'error' would end the process.
  pool.on('error', connectionLost);
  // pg-pool listens to a connection only while it is idle: one in use that loses its server emits 'error' on the
  // client itself (an uncaught exception without this listener). It is marked and destroyed when released.
  const lost = new WeakSet<pg.PoolClient>();
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      lost.add(client);
      connectionLost(error);
    });
  });
  return {
    get waiting() {
      return pool.waitingCount;
    },
    async connect(): Promise<PostgresPoolClient> {
      const saturated = pool.totalCount >= limits.poolSize && pool.idleCount === 0;
      if (saturated && pool.waitingCount >= limits.maxWaiting) {
        throw new StoreUnavailableError({
          kind: 'saturated',
          detail: `${pool.waitingCount} requests already wait for one of ${limits.poolSize} connections`,
        });
      }
      const client = await pool.connect();
      let broken = lost.has(client);
      const query = async (sql: string, parameters: readonly unknown[]) => {
        try {
          const name = preparedName(sql);
          return await (name ? client.query({ name, text: sql, values: [...parameters] }) : client.query(sql, [...parameters]));
        } catch (error) {
          const fault = classifyStorageError(error);
          // A connection that lost its server, or waited out a silent one, is never handed out again.
          if (fault && (fault.kind === 'unreachable' || fault.kind === 'timeout')) broken = true;
          throw error;
        }
      };
      return {
        // Kysely's type also has a cursor form, which the store never uses (no `cursor` in the dialect).
        query: query as unknown as PostgresPoolClient['query'],
        // Kysely passes `true` to discard a connection whose rollback failed.
        release: ((discard?: boolean) => client.release(Boolean(discard) || broken || lost.has(client))) as PostgresPoolClient['release'],
      };
    },
    end: () => pool.end(),
  };
}
