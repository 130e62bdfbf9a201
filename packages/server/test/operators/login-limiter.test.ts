import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../../src/index.js';

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let ms = start;
  return { now: () => new Date(ms), advance: (seconds: number) => (ms += seconds * 1000) };
}

describe('login limiter', () => {
  it('allows 10 attempts a minute per username, then answers how long to wait', () => {
    const time = clock();
    const limiter = new LoginLimiter({ now: time.now });
    for (let i = 0; i < 10; i++) {
      expect(limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
      time.advance(1);
    }
    expect(limiter.check('203.0.113.2', 'ANN@example.com ')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(limiter.check('203.0.113.1', 'bob@example.com')).toEqual({ allowed: true });
    time.advance(49.5);
    expect(limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(0.5);
    // The window slides: the first attempt is now a minute old, so exactly one more fits.
    expect(limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
    expect(limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('allows 100 attempts a minute per IP across usernames', () => {
    const time = clock();
    const limiter = new LoginLimiter({ now: time.now });
    for (let i = 0; i < 100; i++) expect(limiter.check('198.51.100.7', `user${i}@example.com`).allowed).toBe(true);
    expect(limiter.check('198.51.100.7', 'fresh@example.com')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.check('198.51.100.8', 'fresh@example.com')).toEqual({ allowed: true });
    time.advance(60);
    expect(limiter.check('198.51.100.7', 'other@example.com')).toEqual({ allowed: true });
  });

  it('does not count refused attempts, so a blocked client is free again a minute after its first attempt', () => {
    const time = clock();
    const limiter = new LoginLimiter({ now: time.now, perUsername: 2 });
    limiter.check('ip', 'u');
    limiter.check('ip', 'u');
    for (let i = 0; i < 50; i++) {
      time.advance(1);
      expect(limiter.check('ip', 'u').allowed).toBe(false);
    }
    time.advance(10);
    expect(limiter.check('ip', 'u').allowed).toBe(true);
  });

  it('keeps memory bounded: forgets stale keys, then the least recently used', () => {
    const time = clock();
    const limiter = new LoginLimiter({ now: time.now, maxKeys: 100, perIp: 1_000_000 });
    for (let i = 0; i < 100; i++) limiter.check(`10.0.0.${i}`, `stale${i}`);
    time.advance(61);
    for (let i = 0; i < 1000; i++) {
      limiter.check('10.1.1.1', `spray${i}`);
      expect(limiter.trackedKeys.usernames).toBeLessThanOrEqual(100);
    }
    expect(limiter.trackedKeys.ips).toBe(1);
    // The most recent keys are still limited.
    const strict = new LoginLimiter({ now: time.now, maxKeys: 100, perUsername: 1, perIp: 1_000_000 });
    for (let i = 0; i < 500; i++) strict.check('ip', `spray${i}`);
    expect(strict.check('ip', 'spray499').allowed).toBe(false);
  });
});
