import { createServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { InMemoryRateLimiter, RedisRateLimiter } from '../../src/index.js';
import { KEY_EXPIRY_SLACK_MS } from '../../src/store/redis.js';
import { expectBoundedKeys, useTestRedis } from '../helpers/redis.js';

const testRedis = useTestRedis();
const { freshPrefix } = testRedis;

function clock(start = 1_767_225_600) {
  let seconds = start;
  return { nowSeconds: () => seconds, advance: (by: number) => (seconds += by) };
}

async function hits(limiter: { hit(key: string): Promise<boolean> }, key: string, count: number): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (let i = 0; i < count; i++) answers.push(await limiter.hit(key));
  return answers;
}

describe('Redis rate limiter', () => {
  it('allows `limit` hits per fixed window, exactly at its boundaries, per key', async () => {
    const time = clock(1_767_225_600); // a multiple of 60: a window starts here
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, {
      limit: 3,
      windowSeconds: 60,
      prefix: freshPrefix(),
      nowSeconds: time.nowSeconds,
    });
    expect(await hits(limiter, 'k', 3)).toEqual([true, true, true]);
    time.advance(59); // last second of the window
    expect(await limiter.hit('k')).toBe(false);
    expect(await hits(limiter, 'other', 3)).toEqual([true, true, true]);
    time.advance(1); // next window
    expect(await hits(limiter, 'k', 4)).toEqual([true, true, true, false]);
  });

  it('refuses everything with a limit of 0, as the in-memory limiter does', async () => {
    const time = clock();
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, {
      limit: 0,
      windowSeconds: 60,
      prefix: freshPrefix(),
      nowSeconds: time.nowSeconds,
    });
    expect(await hits(limiter, 'k', 2)).toEqual([false, false]);
  });

  it('shares one budget between two nodes', async () => {
    const time = clock();
    const options = { limit: 4, windowSeconds: 60, prefix: freshPrefix(), nowSeconds: time.nowSeconds };
    const a = new RedisRateLimiter(testRedis.nodeA.client, options);
    const b = new RedisRateLimiter(testRedis.nodeB.client, options);
    const key = JSON.stringify(['203.0.113.9', 'project-1']);
    const answers = [await a.hit(key), await b.hit(key), await a.hit(key), await b.hit(key), await a.hit(key), await b.hit(key)];
    expect(answers).toEqual([true, true, true, true, false, false]);
  });

  it('lets exactly `limit` of 50 concurrent hits through, across nodes', async () => {
    const time = clock();
    const options = { limit: 10, windowSeconds: 60, prefix: freshPrefix(), nowSeconds: time.nowSeconds };
    const nodes = [new RedisRateLimiter(testRedis.nodeA.client, options), new RedisRateLimiter(testRedis.nodeB.client, options)];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => nodes[i % 2]?.hit('hot')));
    expect(answers.filter((answer) => answer === true)).toHaveLength(10);
  });

  it('answers as the in-memory limiter does for any sequence of hits (same clock)', async () => {
    const step = fc.record({ advance: fc.integer({ min: 0, max: 40 }), key: fc.constantFrom('a', 'b', 'c') });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(step, { maxLength: 40 }),
        async (limit, windowSeconds, steps) => {
          const time = clock(1_767_225_600 + 7);
          const memory = new InMemoryRateLimiter(limit, windowSeconds, time.nowSeconds);
          const redis = new RedisRateLimiter(testRedis.nodeA.client, {
            limit,
            windowSeconds,
            prefix: freshPrefix(),
            nowSeconds: time.nowSeconds,
          });
          for (const { advance, key } of steps) {
            time.advance(advance);
            expect(await redis.hit(key)).toBe(await memory.hit(key));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stores fixed-length keys that expire on their own', async () => {
    const time = clock();
    const prefix = freshPrefix();
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, { limit: 5, windowSeconds: 60, prefix, nowSeconds: time.nowSeconds });
    const hostile = JSON.stringify(['198.51.100.1', 'x'.repeat(10_000)]);
    await limiter.hit(hostile);
    await limiter.hit('short');
    await expectBoundedKeys(testRedis.nodeA, prefix, '198.51.100.1', 60_000, KEY_EXPIRY_SLACK_MS);
  });

  it('still works after Redis forgot its scripts', async () => {
    const time = clock();
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, {
      limit: 2,
      windowSeconds: 60,
      prefix: freshPrefix(),
      nowSeconds: time.nowSeconds,
    });
    expect(await limiter.hit('k')).toBe(true);
    await testRedis.nodeA.client.script('FLUSH');
    expect(await hits(limiter, 'k', 2)).toEqual([true, false]);
  });
});

describe('Redis rate limiter when Redis fails', () => {
  it('reports the failure and limits per node when Redis is unreachable', async () => {
    const port = await freePort();
    const down = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const time = clock();
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter(down, {
      limit: 2,
      windowSeconds: 60,
      prefix: freshPrefix(),
      nowSeconds: time.nowSeconds,
      onError: (error) => errors.push(error),
    });
    expect(await hits(limiter, 'k', 3)).toEqual([true, true, false]);
    expect(errors).toHaveLength(3);
    time.advance(60);
    expect(await limiter.hit('k')).toBe(true);
    down.disconnect();
  });

  it('falls back after `timeoutMs` when Redis hangs', async () => {
    const hung = await hungServer();
    const client = new Redis({ port: hung.port, host: '127.0.0.1', retryStrategy: () => null });
    client.on('error', () => {});
    const time = clock();
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter(client, {
      limit: 1,
      windowSeconds: 60,
      prefix: freshPrefix(),
      nowSeconds: time.nowSeconds,
      timeoutMs: 50,
      onError: (error) => errors.push(error),
    });
    const started = Date.now();
    expect(await hits(limiter, 'k', 2)).toEqual([true, false]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(String(errors[0])).toContain('did not answer within 50 ms');
    client.disconnect();
    await hung.close();
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

/** A TCP server that accepts connections and never answers: a hung Redis. */
async function hungServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
