import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type Log, silentLog } from '../log.js';
import { TimeoutError, withTimeout } from '../with-timeout.js';
import { type AmbientTransaction, GroupedTransactions } from './grouped-transactions.js';
import { guardedDialect } from './guarded-dialect.js';
import { migrationProvider } from './migrations.js';
import { createPostgresPool, type DatabaseLimits, DEFAULT_DATABASE_LIMITS } from './postgres-pool.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite-database.js';
import { type StorageFault, StoreUnavailableError } from './storage-faults.js';
import { StoreHealth } from './store-health.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  /** The database, or the transaction the calling code runs in (see `transaction`). */
  readonly db: Kysely<Database>;
  /**
   * Runs `work` in one transaction: every `store.db` query it makes, however deep in the
   * services, joins it (one commit instead of one per statement). Nested calls join the outer one.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /**
   * `transaction` for the hot writes of many callers (activations, single-use claims): on SQLite
   * those begun within one event-loop turn commit together, each in a savepoint so one that fails
   * rolls back alone (see GroupedTransactions); on PostgreSQL, whose pool runs transactions side by
   * side, the same as `transaction`. Nested calls join the outer transaction.
   */
  groupedTransaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `effect` once the surrounding transaction commits (at once outside one): events are published only for committed data. */
  afterCommit(effect: () => void): void;
  /** Whether the calling code runs inside `transaction` (its writes commit with the caller's, not on their own). */
  readonly inTransaction: boolean;
  readonly dialect: Dialect;
  /**
   * For /readyz: null when a small write commits within `timeoutMs` and no write failed on a storage
   * fault in the last seconds (see StoreHealth), else what is wrong. Callers
   * within a second of each other share one probe, so a load balancer polling every node costs
   * at most one write a second.
   */
  probe(timeoutMs?: number): Promise<StorageFault | null>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL URL; without it, SQLite in `dataDir`. */
  databaseUrl: string | null;
  dataDir: string;
  /** PostgreSQL schema to use (created if missing): each test file gets its own. */
  schema?: string;
  /** SQLite file name inside dataDir, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL pool size and timeouts. */
  limits?: DatabaseLimits;
  /** Where storage failures are reported (one line per run of failures, see StoreHealth). */
  log?: Log;
}

/** How long a readiness probe result is reused. */
const PROBE_REUSE_MS = 1000;

async function createSchema(url: string, schema: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  } finally {
    await admin.end();
  }
}

/** Migrations run without statement_timeout (an index on a large table may take a while), on a pool of their own. */
async function migratePostgres(url: string, schema: string | undefined, log: Log): Promise<void> {
  const limits = { ...DEFAULT_DATABASE_LIMITS, poolSize: 1, statementTimeoutMs: 0 };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: createPostgresPool({ url, schema, limits, log }) }) });
  try {
    await migrate(db, schema);
  } finally {
    await db.destroy();
  }
}

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (!error) return;
  const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
  throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** Opens the database and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const log = options.log ?? silentLog;
  const dialect: Dialect = options.databaseUrl ? 'postgres' : 'sqlite';
  let db: Kysely<Database>;
  let stopCheckpoints = async () => {};
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    if (options.schema) await createSchema(url, options.schema);
    await migratePostgres(url, options.schema, log);
    const health = new StoreHealth(log, `PostgreSQL ${hostOf(url)}`);
    const pool = createPostgresPool({ url, schema: options.schema, limits: options.limits ?? DEFAULT_DATABASE_LIMITS, log });
    db = new Kysely<Database>({ dialect: guardedDialect(new PostgresDialect({ pool }), { health }) });
    return storeOn(db, dialect, health, stopCheckpoints);
  }
  const sqlite = openSqlite(options.dataDir, options.sqliteFile ?? 'parley.db', log);
  stopCheckpoints = sqlite.stopCheckpoints;
  const health = new StoreHealth(log, `SQLite in ${options.dataDir}`);
  db = new Kysely<Database>({
    dialect: guardedDialect(sqlite.dialect, { health, inTransaction: () => sqlite.database.inTransaction }),
  });
  try {
    await migrate(db, undefined);
  } catch (error) {
    await db.destroy();
    await stopCheckpoints();
    throw error;
  }
  return storeOn(db, dialect, health, stopCheckpoints);
}

function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparsable DATABASE_URL)';
  }
}

function storeOn(db: Kysely<Database>, dialect: Dialect, health: StoreHealth, stopCheckpoints: () => Promise<void>): Store {
  let lastProbe: { at: number; result: Promise<StorageFault | null> } | null = null;
  const ambient = new AsyncLocalStorage<AmbientTransaction>();
  const grouped = dialect === 'sqlite' ? new GroupedTransactions(db, (context, work) => ambient.run(context, work)) : null;
  const store: Store = {
    get db() {
      return ambient.getStore()?.trx ?? db;
    },
    async transaction(work) {
      if (ambient.getStore()) return work();
      const effects: (() => void)[] = [];
      const result = await db.transaction().execute((trx) => ambient.run({ trx, effects }, work));
      for (const effect of effects) effect();
      return result;
    },
    groupedTransaction(work) {
      return grouped && !ambient.getStore() ? grouped.run(work) : store.transaction(work);
    },
    afterCommit(effect) {
      const current = ambient.getStore();
      if (current) current.effects.push(effect);
      else effect();
    },
    get inTransaction() {
      return ambient.getStore() !== undefined;
    },
    dialect,
    probe(timeoutMs = 1000) {
      const now = Date.now();
      if (lastProbe && now - lastProbe.at < PROBE_REUSE_MS) return lastProbe.result;
      const result = probeWrite(db, health, timeoutMs);
      lastProbe = { at: now, result };
      return result;
    },
    async close() {
      await db.destroy();
      await stopCheckpoints();
    },
  };
  return store;
}

/** One upsert of a meta row, bounded in time: the cheapest proof that the database takes writes. */
async function probeWrite(db: Kysely<Database>, health: StoreHealth, timeoutMs: number): Promise<StorageFault | null> {
  const write = db
    .insertInto('parley_meta')
    .values({ key: 'readiness-probe', value: new Date().toISOString() })
    .onConflict((conflict) => conflict.column('key').doUpdateSet((update) => ({ value: update.ref('excluded.value') })))
    .execute();
  try {
    await withTimeout(write, timeoutMs, 'the database');
    return health.current;
  } catch (error) {
    if (error instanceof TimeoutError) {
      write.catch(() => {}); // settles later, by the pool's own timeouts
      return { kind: 'timeout', detail: `no answer within ${timeoutMs} ms` };
    }
    return error instanceof StoreUnavailableError
      ? error.fault
      : (health.current ?? { kind: 'io-error', detail: error instanceof Error ? error.name : 'unknown error' });
  }
}
