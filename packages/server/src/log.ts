/** The part of pino's (and Fastify's) logger the services use, so they take either, and tests a silent one. */
export interface Log {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

export const silentLog: Log = { error() {}, warn() {}, info() {} };

/**
 * A warning for failures that repeat (every request while Redis is down): the first one is logged
 * at once, the next ones at most once per `everyMs`, with how many were left out.
 */
export function throttledWarning(log: Log, message: string, everyMs = 60_000): (error: unknown) => void {
  let loggedAt = Number.NEGATIVE_INFINITY;
  let skipped = 0;
  return (error) => {
    const now = Date.now();
    if (now - loggedAt < everyMs) {
      skipped++;
      return;
    }
    loggedAt = now;
    const detail = error instanceof Error ? error.message : String(error);
    log.warn({ err: detail, ...(skipped > 0 ? { alsoFailed: skipped } : {}) }, `${message}: ${detail}`);
    skipped = 0;
  };
}
