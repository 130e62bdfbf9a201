import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  RootOperationNode,
  TransactionSettings,
} from 'kysely';
import { ApiError } from '../errors.js';
import { StoreUnavailableError, storageError } from './storage-faults.js';
import type { StoreHealth } from './store-health.js';

export interface DialectGuard {
  health: StoreHealth;
  /**
   * SQLite only: whether a transaction is open. SQLite rolls back by itself on SQLITE_FULL and some
   * I/O errors; Kysely's own ROLLBACK then fails ("no transaction is active") and hides the cause.
   */
  inTransaction?: () => boolean;
}

const WRITES: ReadonlySet<RootOperationNode['kind']> = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

/**
 * Wraps a Kysely dialect so every database failure is classified once: storage faults (down, hung,
 * full, read-only, saturated) become `StoreUnavailableError` and reach `StoreHealth`; a successful
 * write tells it the database works again; a failed rollback never hides the error that caused it.
 */
export function guardedDialect(inner: Dialect, guard: DialectGuard): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new GuardedDriver(inner.createDriver(), guard),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly driver: GuardedDriver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.parameters.some(holdsNul)) return refuseNul(query);
    try {
      const result = await this.inner.executeQuery<R>(query);
      if (WRITES.has(query.query.kind)) this.driver.succeeded();
      return result;
    } catch (error) {
      throw this.driver.failed(error);
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/** U+0000 cannot be stored by PostgreSQL ("invalid byte sequence"); Parley stores it on neither dialect. */
const holdsNul = (value: unknown) => typeof value === 'string' && value.includes('\u0000');

/**
 * The one check for every id and string that reaches a query, whichever API it came from: a value
 * holding U+0000 matches nothing stored (a lookup finds nothing: NOT_FOUND, PROJECT_NOT_FOUND,
 * invalid_grant… as for any unknown id), and a write holding one is refused as invalid input.
 */
function refuseNul<R>(query: CompiledQuery): Promise<QueryResult<R>> {
  if (query.query.kind === 'SelectQueryNode') return Promise.resolve({ rows: [] });
  return Promise.reject(new ApiError('VALIDATION_FAILED', 'a value contains the NUL character (U+0000), which cannot be stored'));
}

const innerOf = (connection: DatabaseConnection) => (connection instanceof GuardedConnection ? connection.inner : connection);

class GuardedDriver implements Driver {
  constructor(
    private readonly inner: Driver,
    private readonly guard: DialectGuard,
  ) {}

  succeeded(): void {
    this.guard.health.succeeded();
  }

  /** The error to throw instead of `error`, after telling the health tracker about a fault. */
  failed(error: unknown): unknown {
    const converted = storageError(error);
    if (converted instanceof StoreUnavailableError) this.guard.health.failed(converted.fault);
    return converted;
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    try {
      return new GuardedConnection(await this.inner.acquireConnection(), this);
    } catch (error) {
      throw this.failed(error);
    }
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    try {
      await this.inner.beginTransaction(innerOf(connection), settings);
    } catch (error) {
      throw this.failed(error);
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(innerOf(connection));
      this.succeeded();
    } catch (error) {
      throw this.failed(error);
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (this.guard.inTransaction?.() === false) return;
    try {
      await this.inner.rollbackTransaction(innerOf(connection));
    } catch {
      // The transaction is over either way (PostgreSQL discards the connection): the caller sees the error that ended it.
    }
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.savepoint?.(innerOf(connection), name, compile) ?? Promise.reject(new Error('savepoints are not supported'));
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return (
      this.inner.rollbackToSavepoint?.(innerOf(connection), name, compile) ?? Promise.reject(new Error('savepoints are not supported'))
    );
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    return this.inner.releaseSavepoint?.(innerOf(connection), name, compile) ?? Promise.reject(new Error('savepoints are not supported'));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
