import type { Redis } from 'ioredis';
import { sharedBudgets } from '../store/attempt-budget.js';
import { InMemoryRateLimiter } from './rate-limiter.js';

export interface RedisRateLimiterOptions {
  /** Attempts allowed per key per window (`PARLEY_AUTH_RATE_LIMIT`). */
  limit: number;
  windowSeconds: number;
  /** Key prefix, e.g. `parley:` (tests use a random one). */
  prefix: string;
  /** Called on every Redis failure (error or timeout): log it (the server passes its logger). */
  onError: (error: unknown) => void;
}

/** The limits of `InMemoryRateLimiter`, one budget shared by every node through Redis, per node while Redis fails. */
export class RedisRateLimiter extends InMemoryRateLimiter {
  constructor(redis: Redis, options: RedisRateLimiterOptions) {
    const budgets = sharedBudgets(redis, options.prefix, options.onError);
    super(options.limit, options.windowSeconds, budgets);
  }
}
