import { once } from 'node:events';
import { createServer } from 'node:net';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { LoginLimiter, type LoginLimitResult, RedisLoginLimiter, type RedisLoginLimiterOptions } from '../../src/operators/index.js';
import type { RedisHandle } from '../../src/store/redis.js';
import { expectBoundedKeys, TEST_REDIS_URL, useTestRedis } from '../helpers/redis.js';

const testRedis = useTestRedis();
const { freshPrefix } = testRedis;

function limiterOn(handle: RedisHandle, options: Partial<RedisLoginLimiterOptions> = {}) {
  return new RedisLoginLimiter(handle.client, { prefix: freshPrefix(), onError: testRedis.unexpectedError, ...options });
}

// Windows ending are tested on the in-memory limiter (login-limiter.test.ts, fake timers): Redis keeps its own time.
describe('Redis login limiter', () => {
  it('allows 10 attempts a minute per username, then answers how long to wait', async () => {
    const limiter = limiterOn(testRedis.nodeA);
    for (let i = 0; i < 10; i++) expect(await limiter.check('203.0.113.1', 'ann@example.com')).toEqual({ allowed: true });
    expect(await limiter.check('203.0.113.2', 'ANN@example.com ')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limiter.check('203.0.113.1', 'bob@example.com')).toEqual({ allowed: true });
  });

  it('allows 100 attempts a minute per IP across usernames', async () => {
    const limiter = limiterOn(testRedis.nodeA);
    for (let i = 0; i < 100; i++) expect((await limiter.check('198.51.100.7', `user${i}@example.com`)).allowed).toBe(true);
    expect(await limiter.check('198.51.100.7', 'fresh@example.com')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(await limiter.check('198.51.100.8', 'fresh@example.com')).toEqual({ allowed: true });
  });

  it('does not count an attempt refused by one limit against the other', async () => {
    const limiter = limiterOn(testRedis.nodeA, { perUsername: 1, perIp: 2 });
    expect((await limiter.check('X', 'a')).allowed).toBe(true);
    expect((await limiter.check('X', 'b')).allowed).toBe(true);
    for (const username of ['victim', 'other']) expect((await limiter.check('X', username)).allowed).toBe(false);
    expect((await limiter.check('Y', 'victim')).allowed).toBe(true);
    for (let i = 0; i < 5; i++) expect((await limiter.check('Z', 'victim')).allowed).toBe(false);
    expect((await limiter.check('Z', 'other')).allowed).toBe(true);
  });
});

describe('Redis login limiter across nodes', () => {
  it('shares the username and IP budgets between two nodes', async () => {
    const prefix = freshPrefix();
    const a = limiterOn(testRedis.nodeA, { prefix, perUsername: 3, perIp: 5 });
    const b = limiterOn(testRedis.nodeB, { prefix, perUsername: 3, perIp: 5 });
    expect(await a.check('10.0.0.1', 'ann')).toEqual({ allowed: true });
    expect(await b.check('10.0.0.2', 'Ann')).toEqual({ allowed: true });
    expect(await a.check('10.0.0.3', 'ANN')).toEqual({ allowed: true });
    expect(await b.check('10.0.0.4', 'ann')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    // The IP budget too: 10.0.0.1 has spent 1 of 5.
    for (const user of ['b', 'c', 'd', 'e']) expect(await (user < 'd' ? a : b).check('10.0.0.1', user)).toEqual({ allowed: true });
    expect(await a.check('10.0.0.1', 'f')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('lets exactly 10 of 50 concurrent attempts on one username through, across nodes', async () => {
    const prefix = freshPrefix();
    const nodes = [limiterOn(testRedis.nodeA, { prefix }), limiterOn(testRedis.nodeB, { prefix })];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => nodes[i % 2]?.check(`10.1.0.${i}`, 'victim@example.com')));
    expect(answers.filter((answer) => answer?.allowed)).toHaveLength(10);
    expect(answers.filter((answer) => answer?.allowed === false && answer.retryAfterSeconds === 60)).toHaveLength(40);
  });
});

describe('Redis login limiter against the in-memory one', () => {
  it('gives the same answers, retry times included, for any sequence of attempts within a window', async () => {
    const step = fc.record({ ip: fc.constantFrom('10.0.0.1', '10.0.0.2'), username: fc.constantFrom('ann', 'ANN ', 'bob', 'cid_1') });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 6 }),
        fc.array(step, { maxLength: 40 }),
        async (perUsername, perIp, steps) => {
          const options = { perUsername, perIp };
          const memory = new LoginLimiter(options);
          const redis = limiterOn(testRedis.nodeA, options);
          for (const { ip, username } of steps) expect(await redis.check(ip, username)).toEqual(await memory.check(ip, username));
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('Redis login limiter keys', () => {
  it('are fixed-length counters that expire with their window', async () => {
    const prefix = freshPrefix();
    const limiter = limiterOn(testRedis.nodeA, { prefix, perUsername: 3, perIp: 1_000 });
    const longName = `${'a'.repeat(5_000)}@example.com`;
    for (let i = 0; i < 10; i++) await limiter.check('2001:db8::1', longName);
    const keys = await expectBoundedKeys(testRedis.nodeA, prefix, 'example.com', 60_000);
    const counts = await Promise.all(keys.map((key) => testRedis.nodeA.client.get(key)));
    // The username's count goes on past its limit (refused attempts count); the IP's holds the 3 allowed.
    expect(counts.map(Number).sort((x, y) => x - y)).toEqual([3, 10]);
  });
});

describe('Redis login limiter when Redis fails', () => {
  it('reports every failure and limits per node, with the same limits', async () => {
    const port = await freePort();
    const down = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const errors: unknown[] = [];
    const limiter = new RedisLoginLimiter(down, { prefix: freshPrefix(), perUsername: 2, onError: (error) => errors.push(error) });
    const answers: LoginLimitResult[] = [];
    for (let i = 0; i < 3; i++) answers.push(await limiter.check('ip', 'u'));
    expect(answers).toEqual([{ allowed: true }, { allowed: true }, { allowed: false, retryAfterSeconds: 60 }]);
    expect(errors).toHaveLength(6); // each attempt asks the username's and the IP's budget
    down.disconnect();
  });

  it('recovers the shared budget once Redis answers again', async () => {
    const prefix = freshPrefix();
    const late = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const errors: unknown[] = [];
    const limiter = new RedisLoginLimiter(late, { prefix, perUsername: 1, onError: (error) => errors.push(error) });
    const other = limiterOn(testRedis.nodeB, { prefix, perUsername: 1 });
    expect(await limiter.check('ip', 'u')).toEqual({ allowed: true }); // counted on this node only
    expect(errors).toHaveLength(2); // the username's and the IP's budget
    if (late.status !== 'ready') await once(late, 'ready'); // the first command started the connection
    expect(await other.check('ip', 'u')).toEqual({ allowed: true });
    expect(await limiter.check('ip', 'u')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(errors).toHaveLength(2);
    late.disconnect();
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
