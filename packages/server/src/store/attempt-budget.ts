import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { hashKeyPart } from './redis.js';

export type Spent = { allowed: true; refund(): Promise<void> } | { allowed: false; retryAfterMs: number };

/**
 * `points` attempts per key in a fixed window of `seconds` that starts at the key's first attempt
 * (rate-limiter-flexible). Refused attempts count too, which cannot lengthen a window. Keys are hashed
 * to a fixed length, so attacker-chosen input (project ids, usernames) cannot grow them.
 */
export interface AttemptBudget {
  /** Counts one attempt; an allowed one can be given back with `refund` (when another limit refuses it). */
  spend(key: string): Promise<Spent>;
}

/** Makes the budget named `name` (a key namespace) with its limits. */
export type BudgetStore = (name: string, points: number, seconds: number) => AttemptBudget;

async function spendFrom(limiter: RateLimiterAbstract, key: string, onError: (error: unknown) => void): Promise<Spent> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterMs: rejection.msBeforeNext };
    throw rejection;
  }
  return { allowed: true, refund: () => limiter.reward(key).then(() => undefined, onError) };
}

/** Budgets kept in this process: each key is forgotten when its window ends. */
export const perNodeBudgets: BudgetStore = (_name, points, seconds) => {
  const limiter = new RateLimiterMemory({ points, duration: seconds, keyPrefix: '' });
  return { spend: (key) => spendFrom(limiter, hashKeyPart(key), () => {}) };
};

/**
 * Budgets shared by every node through Redis, at `<prefix>limit:<name>:<hash>`, each key expiring with its window.
 *
 * When Redis fails (unreachable, erroring, or slower than the client's `commandTimeout`) they neither fail open
 * nor closed: `onError` logs it and a per-node budget with the same limits answers. Failing open would silently
 * switch off the brute-force and flood protection; failing closed would refuse everyone while Redis is down.
 * The budget becomes at most N times the limit for N nodes, for as long as Redis is down. (rate-limiter-flexible's
 * `insuranceLimiter` does the same but swallows the error, and a hung Redis shows nowhere else.)
 */
export function sharedBudgets(redis: Redis, prefix: string, onError: (error: unknown) => void): BudgetStore {
  return (name, points, seconds) => {
    const shared = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}limit:${name}`, points, duration: seconds });
    const perNode = perNodeBudgets(name, points, seconds);
    return {
      async spend(key) {
        try {
          return await spendFrom(shared, hashKeyPart(key), onError);
        } catch (error) {
          onError(error);
          return perNode.spend(key);
        }
      },
    };
  };
}
