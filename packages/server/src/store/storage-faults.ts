/** Seconds a client is asked to wait (`Retry-After`) when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 2;

/** Why the database cannot serve right now; each is temporary from the server's point of view. */
export type StorageFaultKind = 'disk-full' | 'read-only' | 'io-error' | 'unreachable' | 'timeout' | 'overloaded' | 'busy' | 'saturated';

export interface StorageFault {
  readonly kind: StorageFaultKind;
  /** The driver's code (`SQLITE_FULL`, `SQLSTATE 53100`, `ECONNREFUSED`…) or pg's own fixed message: shown to clients and /readyz. */
  readonly detail: string;
  /** The database server's own words (paths, names): for the log only. */
  readonly serverMessage?: string;
}

const FAULT_WORDS: Record<StorageFaultKind, string> = {
  'disk-full': 'disk full',
  'read-only': 'read-only database or file system',
  'io-error': 'disk I/O error',
  unreachable: 'database unreachable',
  timeout: 'database did not answer in time',
  overloaded: 'database overloaded',
  busy: 'database busy',
  saturated: 'too many requests waiting for the database',
};

/**
 * The database is unavailable (down, hung, full, read-only, saturated): callers answer 503 /
 * RETRY_WITH_BACKOFF, never a code that ends a session. `cause` is the driver's error.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    readonly fault: StorageFault,
    options?: { cause?: unknown },
  ) {
    super(`the database is unavailable: ${describeFault(fault)}`, options);
  }
}

export function describeFault(fault: StorageFault): string {
  return `${FAULT_WORDS[fault.kind]} (${fault.detail})`;
}

/** SQLSTATE classes and codes of PostgreSQL that mean "unavailable", not "your query is wrong". */
const POSTGRES_FAULTS: [RegExp, StorageFaultKind][] = [
  [/^53100$/, 'disk-full'],
  [/^53/, 'overloaded'], // insufficient resources: out of memory, too many connections
  [/^25006$/, 'read-only'],
  [/^08/, 'unreachable'], // connection exceptions
  [/^57P0[1-4]$/, 'unreachable'], // admin/crash shutdown, cannot connect now, database dropped
  [/^57014$/, 'timeout'], // statement_timeout
  [/^58/, 'io-error'], // system errors (I/O)
];

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg and pg-pool signal lost connections and timeouts by message only. */
const PG_MESSAGES: [RegExp, StorageFaultKind][] = [
  [/timeout exceeded when trying to connect|Query read timeout|connection timeout/i, 'timeout'],
  [/Connection terminated|not queryable|Cannot use a pool after calling end/i, 'unreachable'],
];

/** The storage fault an error from a driver means, or null for an ordinary query error (constraint, syntax…). */
export function classifyStorageError(error: unknown): StorageFault | null {
  if (error instanceof StoreUnavailableError) return error.fault;
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (code === 'SQLITE_FULL') return { kind: 'disk-full', detail: code };
    if (code.startsWith('SQLITE_READONLY')) return { kind: 'read-only', detail: code };
    if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return { kind: 'io-error', detail: code };
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { kind: 'busy', detail: code };
    if (NETWORK_CODES.has(code)) return { kind: 'unreachable', detail: code };
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const match = POSTGRES_FAULTS.find(([pattern]) => pattern.test(code));
      return match ? { kind: match[1], detail: `SQLSTATE ${code}`, serverMessage: error.message } : null;
    }
  }
  const byMessage = PG_MESSAGES.find(([pattern]) => pattern.test(error.message));
  return byMessage ? { kind: byMessage[1], detail: error.message } : null;
}

/** The error to throw for a driver error: a StoreUnavailableError for a storage fault, the error itself otherwise. */
export function storageError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const fault = classifyStorageError(error);
  return fault ? new StoreUnavailableError(fault, { cause: error }) : error;
}
