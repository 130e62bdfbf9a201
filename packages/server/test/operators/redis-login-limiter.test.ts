import { createServer } from 'node:net';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { LoginLimiter, type LoginLimitResult, RedisLoginLimiter, type RedisLoginLimiterOptions } from '../../src/index.js';
import type { RedisHandle } from '../../src/store/redis.js';
import { KEY_EXPIRY_SLACK_MS } from '../../src/store/redis.js';
import { expectBoundedKeys, useTestRedis } from '../helpers/redis.js';

const testRedis = useTestRedis();
const { freshPrefix } = testRedis;

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let ms = start;
  return { now: () => new Date(ms), advance: (seconds: number) => (ms += seconds * 1000) };
}

function limiterOn(handle: RedisHandle, options: Omit<RedisLoginLimiterOptions, 'prefix'> & { prefix?: string }) {
  return new RedisLoginLimiter(handle.client, { prefix: freshPrefix(), ...options });
}

describe('Redis login limiter: the in-memory limiter scenarios', () => {
  it('allows 10 attempts a minute per username, then answers how long to wait', async () => {
    const time = clock();
    const limiter = limiterOn(testRedis.nodeA, { now: time.now });
    for (let i = 0; i < 10; i++) {
      expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
      time.advance(1);
    }
    expect(await limiter.check('203.0.113.2', 'ANN@example.com ')).toEqual({ allowed: false, retryAfterSeconds: 50 });
    expect(await limiter.check('203.0.113.1', 'bob@example.com')).toEqual({ allowed: true });
    time.advance(49.5);
    expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.advance(0.5);
    // The window slides: the first attempt is now a minute old, so exactly one more fits.
    expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
    expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('allows 100 attempts a minute per IP across usernames', async () => {
    const time = clock();
    const limiter = limiterOn(testRedis.nodeA, { now: time.now });
    for (let i = 0; i < 100; i++) expect((await limiter.check('198.51.100.7', `user${i}@example.com`)).allowed).toBe(true);
    expect(await limiter.check('198.51.100.7', 'fresh@example.com')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limiter.check('198.51.100.8', 'fresh@example.com')).toEqual({ allowed: true });
    time.advance(60);
    expect(await limiter.check('198.51.100.7', 'other@example.com')).toEqual({ allowed: true });
  });

  it('does not count refused attempts, so a blocked client is free again a minute after its first attempt', async () => {
    const time = clock();
    const limiter = limiterOn(testRedis.nodeA, { now: time.now, perUsername: 2 });
    await limiter.check('ip', 'u');
    await limiter.check('ip', 'u');
    for (let i = 0; i < 50; i++) {
      time.advance(1);
      expect((await limiter.check('ip', 'u')).allowed).toBe(false);
    }
    time.advance(10);
    expect((await limiter.check('ip', 'u')).allowed).toBe(true);
  });
});

describe('Redis login limiter across nodes', () => {
  it('shares the username and IP budgets between two nodes', async () => {
    const time = clock();
    const prefix = freshPrefix();
    const a = limiterOn(testRedis.nodeA, { now: time.now, prefix, perUsername: 3, perIp: 5 });
    const b = limiterOn(testRedis.nodeB, { now: time.now, prefix, perUsername: 3, perIp: 5 });
    expect(await a.check('10.0.0.1', 'ann')).toEqual({ allowed: true });
    time.advance(1);
    expect(await b.check('10.0.0.2', 'Ann')).toEqual({ allowed: true });
    time.advance(1);
    expect(await a.check('10.0.0.3', 'ANN')).toEqual({ allowed: true });
    expect(await b.check('10.0.0.4', 'ann')).toEqual({ allowed: false, retryAfterSeconds: 58 });
    // The IP budget too: 10.0.0.1 has spent 1 of 5.
    for (const user of ['b', 'c', 'd', 'e']) expect(await (user < 'd' ? a : b).check('10.0.0.1', user)).toEqual({ allowed: true });
    expect(await a.check('10.0.0.1', 'f')).toEqual({ allowed: false, retryAfterSeconds: 58 });
  });

  it('lets exactly 10 of 50 concurrent attempts on one username through, across nodes', async () => {
    const time = clock();
    const prefix = freshPrefix();
    const nodes = [limiterOn(testRedis.nodeA, { now: time.now, prefix }), limiterOn(testRedis.nodeB, { now: time.now, prefix })];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => nodes[i % 2]?.check(`10.1.0.${i}`, 'victim@example.com')));
    expect(answers.filter((answer) => answer?.allowed)).toHaveLength(10);
    expect(answers.filter((answer) => answer?.allowed === false && answer.retryAfterSeconds === 60)).toHaveLength(40);
  });

  it('answers the longer wait when both the username and the IP are over their limits', async () => {
    const time = clock();
    const limiter = limiterOn(testRedis.nodeA, { now: time.now, perUsername: 2, perIp: 2 });
    let second = 0;
    const at = (when: number, ip: string, username: string) => {
      time.advance(when - second);
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

  it('counts two attempts in the same millisecond as two', async () => {
    const time = clock();
    const limiter = limiterOn(testRedis.nodeA, { now: time.now, perUsername: 2 });
    const answers = [await limiter.check('ip', 'u'), await limiter.check('ip', 'u'), await limiter.check('ip', 'u')];
    expect(answers.map((answer) => answer.allowed)).toEqual([true, true, false]);
  });
});

describe('Redis login limiter against the in-memory one', () => {
  it('gives the same answers, retry times included, for any sequence of attempts (same clock)', async () => {
    const step = fc.record({
      advanceMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 2_000, max: 30_000 })),
      ip: fc.constantFrom('10.0.0.1', '10.0.0.2'),
      username: fc.constantFrom('ann', 'ANN ', 'bob', 'cid_1'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(step, { maxLength: 60 }),
        async (perUsername, perIp, windowSeconds, steps) => {
          const time = clock();
          const options = { now: time.now, perUsername, perIp, windowSeconds };
          const memory = new LoginLimiter(options);
          const redis = limiterOn(testRedis.nodeA, options);
          for (const { advanceMs, ip, username } of steps) {
            time.advance(advanceMs / 1000);
            expect(await redis.check(ip, username)).toEqual(memory.check(ip, username));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('Redis login limiter keys', () => {
  it('are fixed-length, hold at most the limit of entries, and expire on their own', async () => {
    const time = clock();
    const prefix = freshPrefix();
    const limiter = limiterOn(testRedis.nodeA, { now: time.now, prefix, perUsername: 3, perIp: 1_000 });
    const longName = `${'a'.repeat(5_000)}@example.com`;
    for (let i = 0; i < 10; i++) {
      await limiter.check('2001:db8::1', longName);
      time.advance(7);
    }
    const keys = await expectBoundedKeys(testRedis.nodeA, prefix, 'example.com', 60_000, KEY_EXPIRY_SLACK_MS);
    const sizes = await Promise.all(keys.map((key) => testRedis.nodeA.client.zcard(key)));
    expect(sizes.sort((x, y) => x - y)).toEqual([3, 3]);
  });
});

describe('Redis login limiter when Redis fails', () => {
  it('reports every failure and limits per node, with the same limits', async () => {
    const port = await freePort();
    const down = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const time = clock();
    const errors: unknown[] = [];
    const limiter = new RedisLoginLimiter(down, {
      now: time.now,
      prefix: freshPrefix(),
      perUsername: 2,
      onError: (error) => errors.push(error),
    });
    const answers: LoginLimitResult[] = [];
    for (let i = 0; i < 3; i++) answers.push(await limiter.check('ip', 'u'));
    expect(answers).toEqual([{ allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 60 }]);
    expect(errors).toHaveLength(3);
    down.disconnect();
  });

  it('recovers the shared budget once Redis answers again', async () => {
    const time = clock();
    const prefix = freshPrefix();
    let failing = true;
    const errors: unknown[] = [];
    const flaky = new Proxy(testRedis.nodeA.client, {
      get(target, property, receiver) {
        if (failing && (property === 'evalsha' || property === 'eval')) return () => Promise.reject(new Error('ECONNRESET'));
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const limiter = new RedisLoginLimiter(flaky, { now: time.now, prefix, perUsername: 1, onError: (error) => errors.push(error) });
    const other = limiterOn(testRedis.nodeB, { now: time.now, prefix, perUsername: 1 });
    expect(await limiter.check('ip', 'u')).toEqual({ allowed: true }); // counted on this node only
    expect(errors).toHaveLength(1);
    failing = false;
    expect(await other.check('ip', 'u')).toEqual({ allowed: true });
    expect(await limiter.check('ip', 'u')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
