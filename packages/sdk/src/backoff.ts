import type { FailureCode } from './result.js';

/** Waits before retry number `retry` (1..3) after a failure with `code`. Injected by tests so they never sleep. */
export type Backoff = (retry: number, code: FailureCode | 'NETWORK_ERROR') => Promise<void>;

/** Attempts per activation: 1 + 3 retries (spec §7.5). */
export const MAX_ATTEMPTS = 4;

/** 1 s, 2 s, 4 s, each plus up to 25 % jitter; never under a second, so identical tokens minted within one second differ. */
export const defaultBackoff: Backoff = (retry) =>
  new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** (retry - 1) * (1 + Math.random() * 0.25)));
