import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoginLimiter } from '../../src/operators/index.js';

// rate-limiter-flexible reads Date.now() and forgets keys with setTimeout: fake timers drive both.
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});
const advance = (seconds: number) => vi.advanceTimersByTime(seconds * 1000);

describe('login limiter', () => {
  it('allows 10 attempts a minute per username, then answers how long to wait', async () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 10; i++) {
      expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
      advance(1);
    }
    expect(await limiter.check('203.0.113.2', 'ANN@example.com ')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(await limiter.check('203.0.113.1', 'bob@example.com')).toEqual({ allowed: true });
    advance(49.5);
    expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(0.5);
    // The minute that began with the first attempt is over: a new one begins, with 10 attempts.
    for (let i = 0; i < 10; i++) expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
    expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('allows 100 attempts a minute per IP across usernames', async () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 100; i++) expect((await limiter.check('198.51.100.7', `user${i}@example.com`)).allowed).toBe(true);
    expect(await limiter.check('198.51.100.7', 'fresh@example.com')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limiter.check('198.51.100.8', 'fresh@example.com')).toEqual({ allowed: true });
    advance(60);
    expect(await limiter.check('198.51.100.7', 'other@example.com')).toEqual({ allowed: true });
  });

  it('does not prolong a block with refused attempts: a blocked client is free again a minute after its first attempt', async () => {
    const limiter = new LoginLimiter({ perUsername: 2 });
    await limiter.check('ip', 'u');
    await limiter.check('ip', 'u');
    for (let i = 0; i < 50; i++) {
      advance(1);
      expect((await limiter.check('ip', 'u')).allowed).toBe(false);
    }
    advance(10);
    expect((await limiter.check('ip', 'u')).allowed).toBe(true);
  });

  it('does not count an attempt refused by one limit against the other', async () => {
    const limiter = new LoginLimiter({ perUsername: 1, perIp: 2 });
    expect((await limiter.check('X', 'a')).allowed).toBe(true);
    expect((await limiter.check('X', 'b')).allowed).toBe(true);
    // X is over its limit: spraying usernames from it locks none of them out.
    for (const username of ['victim', 'other']) expect((await limiter.check('X', username)).allowed).toBe(false);
    expect((await limiter.check('Y', 'victim')).allowed).toBe(true);
    // And a locked username spends no IP's budget.
    for (let i = 0; i < 5; i++) expect((await limiter.check('Z', 'victim')).allowed).toBe(false);
    expect((await limiter.check('Z', 'other')).allowed).toBe(true);
  });

  it('answers the longer wait when both the username and the IP are over their limits', async () => {
    const limiter = new LoginLimiter({ perUsername: 2, perIp: 2 });
    let second = 0;
    const at = (when: number, ip: string, username: string) => {
      advance(when - second);
      second = when;
      return limiter.check(ip, username);
    };
    expect(await at(0, 'X', 'a')).toEqual({ allowed: true });
    expect(await at(5, 'X', 'b')).toEqual({ allowed: true });
    expect(await at(10, 'Y', 'u')).toEqual({ allowed: true });
    expect(await at(20, 'Z', 'u')).toEqual({ allowed: true });
    // IP X is free again at 60, username u at 70.
    expect(await at(30, 'X', 'u')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(await at(30, 'X', 'c')).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(await at(30, 'W', 'u')).toEqual({ allowed: false, retryAfterSeconds: 40 });
  });

  it('keeps memory bounded: every key is forgotten when its window ends', async () => {
    const limiter = new LoginLimiter();
    for (let i = 0; i < 500; i++) await limiter.check(`10.0.${i >> 8}.${i & 255}`, `spray${i}@example.com`);
    // One timer per key held (username and IP); each deletes its key when the minute is over.
    expect(vi.getTimerCount()).toBe(1_000);
    advance(60);
    expect(vi.getTimerCount()).toBe(0);
    expect(await limiter.check('10.0.0.1', 'spray0@example.com')).toEqual({ allowed: true });
  });
});
