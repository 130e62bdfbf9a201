import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  /** The database, or the transaction the calling code runs in (see `transaction`). */
  readonly db: Kysely<Database>;
  /**
   * Runs `work` in one transaction: every `store.db` query it makes, however deep in the
   * services, joins it (one commit instead of one per statement). Nested calls join the outer one.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `effect` once the surrounding transaction commits (at once outside one): events are published only for committed data. */
  afterCommit(effect: () => void): void;
  readonly dialect: Dialect;
  /** True when the database answers (for /readyz). */
  ping(): Promise<boolean>;
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
}

/**
 * Kysely prepares every statement again (~20 µs each); the SQL text of our queries is a small,
 * fixed set, so prepared statements are kept and reused (measured: about half the cost per query).
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const prepare = database.prepare.bind(database);
  database.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      if (statements.size >= 1000) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }) as typeof database.prepare;
  return database;
}

function openSqlite(options: StoreOptions): { db: Kysely<Database>; stopCheckpoints: () => Promise<void> } {
  const file = options.sqliteFile ?? 'parley.db';
  if (file !== ':memory:') mkdirSync(options.dataDir, { recursive: true });
  const path = file === ':memory:' ? file : join(options.dataDir, file);
  const database = new SqliteDatabase(path);
  // WAL with synchronous=NORMAL: a committed transaction survives a process crash (kill -9).
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  if (file === ':memory:') return { db, stopCheckpoints: async () => {} };
  // Checkpoints leave the event loop: they took 5–50 ms every ~80 commits there (measured).
  database.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), { workerData: { file: path, intervalMs: 250 } });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    db,
    async stopCheckpoints() {
      // Kept alive until it has closed its connection: an unref'd worker would let the process end mid-close.
      worker.ref();
      worker.postMessage('close');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Kysely<Database>> {
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await admin.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the database and brings its schema up to date. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const dialect: Dialect = options.databaseUrl ? 'postgres' : 'sqlite';
  const sqlite = options.databaseUrl ? null : openSqlite(options);
  const db = sqlite?.db ?? (await openPostgres(options.databaseUrl as string, options.schema));
  const migrator = new Migrator({ db, provider: migrationProvider, ...(options.schema ? { migrationTableSchema: options.schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    await sqlite?.stopCheckpoints();
    const failed = results?.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ambient = new AsyncLocalStorage<{ trx: Kysely<Database>; effects: (() => void)[] }>();
  return {
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
    afterCommit(effect) {
      const current = ambient.getStore();
      if (current) current.effects.push(effect);
      else effect();
    },
    dialect,
    async ping() {
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await db.destroy();
      await sqlite?.stopCheckpoints();
    },
  };
}
