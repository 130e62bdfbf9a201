import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
import type { Log } from '../log.js';
import { createPrivateFile, ensurePrivateDir } from './private-paths.js';

/**
 * The WAL is cut back to this size when SQLite starts it over (otherwise it keeps the largest size it
 * ever reached). Above what the log reaches under steady load (≤ ~32 MB with the checkpoint thread's
 * catch-up): the cut runs on the event loop, and at 16 MB it ran at nearly every restart (p99 of
 * messages at 2,000/s 40–109 ms, 10.5 ms without it).
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface OpenedSqlite {
  dialect: SqliteDialect;
  database: SqliteDatabase.Database;
  stopCheckpoints(): Promise<void>;
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

const ERRNO_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file of that name is in the way',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_READONLY: 'the database is read-only',
};

/** A start-up failure that names the data dir, the cause in words and what to do. */
function dataDirError(dataDir: string, error: unknown): Error {
  const code = (error as { code?: unknown }).code;
  const words = typeof code === 'string' ? (ERRNO_WORDS[code] ?? ERRNO_WORDS[code.replace(/_.*$/, '')]) : undefined;
  const cause = words ? `${words} (${code})` : error instanceof Error ? error.message : String(error);
  return new Error(
    `cannot use the data dir ${dataDir}: ${cause}. Make it a writable directory for the user running Parley, or set PARLEY_DATA_DIR (--data-dir).`,
    { cause: error },
  );
}

/** SQLite in `dataDir` (created 0700 if missing), with WAL and checkpoints on a worker thread. */
export function openSqlite(dataDir: string, file: string, log: Log): OpenedSqlite {
  const inMemory = file === ':memory:';
  let database: SqliteDatabase.Database;
  try {
    if (!inMemory) {
      ensurePrivateDir(dataDir, log);
      accessSync(dataDir, constants.W_OK);
      // Created 0600 before SQLite opens it: SQLite gives its `-wal` and `-shm` the database file's mode
      // (left to SQLite, all three get 0644 under umask 022). None of the three may be a link.
      const path = join(dataDir, file);
      createPrivateFile(path, log, [`${path}-wal`, `${path}-shm`]);
    }
    database = new SqliteDatabase(inMemory ? file : join(dataDir, file));
    // WAL with synchronous=NORMAL: a committed transaction survives a process crash (kill -9).
    database.pragma('journal_mode = WAL');
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, not left in free pages: an erased user's words leave the file (userErase).
  database.pragma('secure_delete = ON');
  // better-sqlite3 waits for a lock on the event loop: another process holding the write lock (a backup, the
  // sqlite3 shell) must cost a request 250 ms and a 503, not freeze every request of the node for seconds.
  database.pragma('busy_timeout = 250');
  database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // SQLite's lower() folds ASCII only: searches fold like JavaScript and PostgreSQL do (ÉLODIE finds élodie).
  database.function('unicode_lower', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
  const dialect = new SqliteDialect({ database: withStatementCache(database) });
  if (inMemory) return { dialect, database, stopCheckpoints: async () => {} };
  // Checkpoints leave the event loop: they took 5–50 ms every ~80 commits there (measured).
  database.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
    workerData: { file: join(dataDir, file), intervalMs: 250, walSizeLimit: WAL_SIZE_LIMIT_BYTES },
  });
  worker.unref();
  worker.on('error', (error) => log.error({ err: error }, 'the SQLite checkpoint thread failed: the WAL grows until the next start'));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    dialect,
    database,
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
