import { addressGroup } from '../http/address-group.js';
import { type AttemptBudget, type BudgetStore, perNodeBudgets } from '../store/attempt-budget.js';

/** Attempts per key in a fixed window. In memory for one node; the Redis limiter shares it. */
export interface RateLimiter {
  /** Counts an attempt; false when the key is over its budget for the current window. */
  hit(key: string): Promise<boolean>;
}

/** Project ids are at most 100 characters (a longer one is cut); an IPv6 client counts by its /64. */
export const attemptKey = (clientIp: string, projectId: string): string => `${addressGroup(clientIp)} ${String(projectId).slice(0, 100)}`;

/** `limit` attempts per key in a window of `windowSeconds` from its first attempt, counted in this process. */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly budget: AttemptBudget;

  constructor(limit: number, windowSeconds: number, budgets: BudgetStore = perNodeBudgets) {
    this.budget = budgets('auth', limit, windowSeconds);
  }

  async hit(key: string): Promise<boolean> {
    return (await this.budget.spend(key)).allowed;
  }
}
