import { expect } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { type PasswordHasher, passwordHasher } from '../../src/operators/index.js';

/** A settable clock for exact expiry tests. */
export function testClock(iso = '2026-01-01T00:00:00.000Z') {
  let ms = Date.parse(iso);
  return {
    now: () => new Date(ms),
    advance(seconds: number) {
      ms += seconds * 1000;
    },
  };
}

/** Cheap scrypt for tests, counting every derivation so tests can check "always one scrypt". */
export function countingHasher(): PasswordHasher & { scrypts: number } {
  const inner = passwordHasher({ cost: 2 ** 4 });
  const counting = {
    scrypts: 0,
    hash: (password: string) => {
      counting.scrypts++;
      return inner.hash(password);
    },
    verify: (stored: string, password: string) => {
      counting.scrypts++;
      return inner.verify(stored, password);
    },
    verifyAgainstDummy: (password: string) => {
      counting.scrypts++;
      return inner.verifyAgainstDummy(password);
    },
  };
  return counting;
}

export async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
