import { describe, expect, it } from 'vitest';
import { RESTART_RECONNECT_JITTER_MS, RestartReconnects } from '../src/index.js';

describe('RestartReconnects', () => {
  it('reconnects at once after a node left, 3 times in a row at most, again once a socket stayed ready a minute', () => {
    const restarts = new RestartReconnects();
    for (let i = 0; i < 3; i++) {
      const delay = restarts.delayAfter(1012, 0);
      expect(delay).not.toBeNull();
      expect(delay).toBeLessThan(RESTART_RECONNECT_JITTER_MS);
    }
    expect(restarts.delayAfter(1001, 0)).toBeNull();
    restarts.ready(1_000);
    expect(restarts.delayAfter(1012, 30_000)).toBeNull(); // ready only 29 s: still in a row
    restarts.ready(40_000);
    expect(restarts.delayAfter(1012, 100_000)).not.toBeNull();
  });

  it('leaves every other close to the caller’s backoff, and starts over on reset', () => {
    const restarts = new RestartReconnects();
    for (const code of [1000, 1006, 1011, 1013, 4401]) expect(restarts.delayAfter(code, 0), String(code)).toBeNull();
    for (let i = 0; i < 3; i++) restarts.delayAfter(1012, 0);
    restarts.reset();
    expect(restarts.delayAfter(1012, 0)).not.toBeNull();
  });
});
