import type { Redis } from 'ioredis';
import { sharedBudgets } from '../store/attempt-budget.js';
import { LoginLimiter, type LoginLimiterOptions } from './login-limiter.js';

export interface RedisLoginLimiterOptions extends LoginLimiterOptions {
  /** Key prefix, e.g. `parley:` (tests use a random one). */
  prefix: string;
  /** Called on every Redis failure (error or timeout): log it (the server passes its logger). */
  onError: (error: unknown) => void;
}

/** The spec §9.2 limits of `LoginLimiter`, shared by every node through Redis, per node while Redis fails. */
export class RedisLoginLimiter extends LoginLimiter {
  constructor(redis: Redis, options: RedisLoginLimiterOptions) {
    super(options, sharedBudgets(redis, options.prefix, options.onError));
  }
}
