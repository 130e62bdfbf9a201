/**
 * Delays before each retry after the first attempt (the Standard Webhooks recommendation): 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h — eight attempts over about 27.6 hours. Each delay varies by ±10 % so that the retries
 * of many events failing together do not arrive together.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000] as const;

/** Attempts in all before a delivery is given up as failed. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** An endpoint that has failed every attempt for this long is disabled (its pending deliveries wait for it to be enabled). */
export const DISABLE_AFTER_FAILING_MS = 5 * 24 * 3_600_000;

/** The delay before the next attempt after `attempts` failed ones, or null when none is left. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}
