import { describe, expect, it } from 'vitest';
import { classifyStorageError, StoreUnavailableError, storageError } from '../../src/store/storage-faults.js';
import { StoreHealth } from '../../src/store/store-health.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('storage fault classification', () => {
  it.each([
    [withCode('database or disk is full', 'SQLITE_FULL'), 'disk-full'],
    [withCode('attempt to write a readonly database', 'SQLITE_READONLY'), 'read-only'],
    [withCode('disk I/O error', 'SQLITE_IOERR_WRITE'), 'io-error'],
    [withCode('database is locked', 'SQLITE_BUSY'), 'busy'],
    [withCode('could not extend file: No space left on device', '53100'), 'disk-full'],
    [withCode('sorry, too many clients already', '53300'), 'overloaded'],
    [withCode('cannot execute INSERT in a read-only transaction', '25006'), 'read-only'],
    [withCode('terminating connection due to administrator command', '57P01'), 'unreachable'],
    [withCode('the database system is starting up', '57P03'), 'unreachable'],
    [withCode('connection failure', '08006'), 'unreachable'],
    [withCode('canceling statement due to statement timeout', '57014'), 'timeout'],
    [withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'unreachable'],
    [new Error('Connection terminated unexpectedly'), 'unreachable'],
    [new Error('timeout exceeded when trying to connect'), 'timeout'],
    [new Error('Query read timeout'), 'timeout'],
  ])('%s is a storage fault of kind %s', (error, kind) => {
    const fault = classifyStorageError(error);
    expect(fault?.kind).toBe(kind);
    // What clients and /readyz see is a code, never the server's own words (file paths, names).
    if (/^\d/.test((error as { code?: string }).code ?? '')) expect(fault?.detail).toMatch(/^SQLSTATE \w{5}$/);
    const converted = storageError(error);
    expect(converted).toBeInstanceOf(StoreUnavailableError);
    expect((converted as StoreUnavailableError).cause).toBe(error);
  });

  it.each([
    withCode('duplicate key value violates unique constraint', '23505'),
    withCode('UNIQUE constraint failed: messages.id', 'SQLITE_CONSTRAINT_UNIQUE'),
    withCode('syntax error at or near "selec"', '42601'),
    new Error('no such table: nothing'),
    'a string',
  ])('%s is an ordinary query error, left as it is', (error) => {
    expect(classifyStorageError(error)).toBeNull();
    expect(storageError(error)).toBe(error);
  });
});

describe('StoreHealth', () => {
  function capture() {
    const lines: { level: string; fields: object; message: string }[] = [];
    const at = (level: string) => (fields: object, message: string) => lines.push({ level, fields, message });
    return { lines, log: { error: at('error'), warn: at('warn'), info: at('info') } };
  }

  it('logs the first failure of a run once, in words naming the place, then once a minute with a count, and the recovery once', () => {
    const { lines, log } = capture();
    let now = 0;
    const health = new StoreHealth(log, 'SQLite in /srv/parley', () => now);
    const full = { kind: 'disk-full' as const, detail: 'SQLITE_FULL' };
    for (let i = 0; i < 332; i++) {
      health.failed(full);
      now += 100;
    }
    expect(health.current).toEqual(full);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.message).toBe(
      'database failure at SQLite in /srv/parley: disk full (SQLITE_FULL); free space there: writes fail until then',
    );
    now = 61_000;
    health.failed(full);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.message).toMatch(/still failing after 61 s, 333 errors/);
    now = 64_000; // a write that succeeds right after a failure proves little (a full disk still takes small writes)
    health.succeeded();
    expect(health.current).toEqual(full);
    now = 66_000;
    health.succeeded();
    health.succeeded();
    expect(health.current).toBeNull();
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({ level: 'info', message: 'the database works again after 66 s (333 failed operations meanwhile)' });
  });
});
