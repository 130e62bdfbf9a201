import { type AttemptBudget, type BudgetStore, perNodeBudgets } from '../store/attempt-budget.js';

export type LoginLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** What `/oauth2/token` asks before checking a password or client secret (a Redis one may share limits across nodes). */
export interface LoginAttemptLimiter {
  /** Counts one attempt from `ip` for `username` (an email or a client_id) unless it is over a limit. */
  check(ip: string, username: string): LoginLimitResult | Promise<LoginLimitResult>;
}

export interface LoginLimiterOptions {
  /** Attempts per username (or client_id) per window; spec §9.2: 10. */
  perUsername?: number;
  /** Attempts per client IP per window; spec §9.2: 100. */
  perIp?: number;
  windowSeconds?: number;
}

/**
 * The password and client-credentials grant limits of spec §9.2: per username (compared trimmed and
 * lower-cased) and per IP, each in a window (a minute) that starts at its first attempt. An attempt
 * refused by one limit is not counted against the other. Counted in this process unless given shared budgets.
 */
export class LoginLimiter implements LoginAttemptLimiter {
  private readonly byUsername: AttemptBudget;
  private readonly byIp: AttemptBudget;

  constructor(options: LoginLimiterOptions = {}, budgets: BudgetStore = perNodeBudgets) {
    const seconds = options.windowSeconds ?? 60;
    this.byUsername = budgets('login-user', options.perUsername ?? 10, seconds);
    this.byIp = budgets('login-ip', options.perIp ?? 100, seconds);
  }

  async check(ip: string, username: string): Promise<LoginLimitResult> {
    const spent = await Promise.all([this.byUsername.spend(username.trim().toLowerCase()), this.byIp.spend(ip)]);
    if (spent.every((answer) => answer.allowed)) return { allowed: true };
    // Give back what the other limit allowed: else a locked-out IP could still spend any username's budget (and the reverse).
    await Promise.all(spent.map((answer) => (answer.allowed ? answer.refund() : undefined)));
    const waitMs = Math.max(...spent.map((answer) => (answer.allowed ? 0 : answer.retryAfterMs)));
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
