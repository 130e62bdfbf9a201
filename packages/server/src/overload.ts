/**
 * Work refused because the node is at capacity, not because of the caller or a fault: answered
 * like an unavailable database (503 `SERVICE_UNAVAILABLE`, `Retry-After`), so clients back off.
 */
export class OverloadedError extends Error {
  override readonly name = 'OverloadedError';
  constructor(what: string) {
    super(`the server is at capacity (${what})`);
  }
}
