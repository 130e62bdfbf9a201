import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { RedisRateLimiter, type RedisRateLimiterOptions } from '../../src/credentials/index.js';
import { expectBoundedKeys, TEST_REDIS_URL, useTestRedis } from '../helpers/redis.js';

const testRedis = useTestRedis();
const { freshPrefix } = testRedis;

async function hits(limiter: { hit(key: string): Promise<boolean> }, key: string, count: number): Promise<boolean[]> {
  const answers: boolean[] = [];
  for (let i = 0; i < count; i++) answers.push(await limiter.hit(key));
  return answers;
}

const options = (limit: number, extra: Partial<RedisRateLimiterOptions> = {}): RedisRateLimiterOptions => ({
  limit,
  windowSeconds: 60,
  prefix: freshPrefix(),
  onError: testRedis.unexpectedError,
  ...extra,
});

describe('Redis rate limiter', () => {
  it('allows `limit` hits per key in a window, and again once the window is over', async () => {
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, options(3, { windowSeconds: 1 }));
    expect(await hits(limiter, 'k', 4)).toEqual([true, true, true, false]);
    expect(await hits(limiter, 'other', 3)).toEqual([true, true, true]);
    await sleep(1_100);
    expect(await hits(limiter, 'k', 4)).toEqual([true, true, true, false]);
  });

  it('refuses everything with a limit of 0', async () => {
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, options(0));
    expect(await hits(limiter, 'k', 2)).toEqual([false, false]);
  });

  it('shares one budget between two nodes', async () => {
    const shared = options(4);
    const a = new RedisRateLimiter(testRedis.nodeA.client, shared);
    const b = new RedisRateLimiter(testRedis.nodeB.client, shared);
    const key = JSON.stringify(['203.0.113.9', 'project-1']);
    const answers = [await a.hit(key), await b.hit(key), await a.hit(key), await b.hit(key), await a.hit(key), await b.hit(key)];
    expect(answers).toEqual([true, true, true, true, false, false]);
  });

  it('lets exactly `limit` of 50 concurrent hits through, across nodes', async () => {
    const shared = options(10);
    const nodes = [new RedisRateLimiter(testRedis.nodeA.client, shared), new RedisRateLimiter(testRedis.nodeB.client, shared)];
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => nodes[i % 2]?.hit('hot')));
    expect(answers.filter((answer) => answer === true)).toHaveLength(10);
  });

  it('stores fixed-length keys that expire with their window', async () => {
    const prefix = freshPrefix();
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, {
      limit: 5,
      windowSeconds: 60,
      prefix,
      onError: testRedis.unexpectedError,
    });
    const hostile = JSON.stringify(['198.51.100.1', 'x'.repeat(10_000)]);
    await limiter.hit(hostile);
    await limiter.hit('short');
    await expectBoundedKeys(testRedis.nodeA, prefix, '198.51.100.1', 60_000);
  });

  it('still works after Redis forgot its scripts', async () => {
    const limiter = new RedisRateLimiter(testRedis.nodeA.client, options(2));
    expect(await limiter.hit('k')).toBe(true);
    await testRedis.nodeA.client.script('FLUSH');
    expect(await hits(limiter, 'k', 2)).toEqual([true, false]);
  });
});

describe('Redis rate limiter when Redis fails', () => {
  it('reports the failure and limits per node when Redis is unreachable', async () => {
    const port = await freePort();
    const down = new Redis({ port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter(down, options(2, { onError: (error) => errors.push(error) }));
    expect(await hits(limiter, 'k', 3)).toEqual([true, true, false]);
    expect(errors).toHaveLength(3);
    down.disconnect();
  });

  it("falls back after the client's commandTimeout when Redis hangs", async () => {
    const hung = await hungServer();
    // As openRedis configures it; without a ready check the client sends commands into the silence.
    const client = new Redis({
      port: hung.port,
      host: '127.0.0.1',
      commandTimeout: 50,
      enableReadyCheck: false,
      retryStrategy: () => null,
    });
    client.on('error', () => {});
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter(client, options(1, { onError: (error) => errors.push(error) }));
    const started = Date.now();
    expect(await hits(limiter, 'k', 2)).toEqual([true, false]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(String(errors[0])).toContain('timed out');
    client.disconnect();
    await hung.close();
  });

  it('shares the budget again once Redis answers', async () => {
    const late = new Redis(TEST_REDIS_URL, { lazyConnect: true, enableOfflineQueue: false });
    const shared = options(1);
    const errors: unknown[] = [];
    const limiter = new RedisRateLimiter(late, { ...shared, onError: (error) => errors.push(error) });
    const other = new RedisRateLimiter(testRedis.nodeB.client, shared);
    expect(await limiter.hit('k')).toBe(true); // counted on this node only
    expect(errors).toHaveLength(1);
    if (late.status !== 'ready') await once(late, 'ready'); // the first command started the connection
    expect(await other.hit('k')).toBe(true);
    expect(await limiter.hit('k')).toBe(false);
    expect(errors).toHaveLength(1);
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
