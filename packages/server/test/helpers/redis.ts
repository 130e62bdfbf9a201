import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openRedis, type RedisHandle } from '../../src/store/redis.js';

/** Redis for tests; every machine (and CI) has it here. Suites fail, never skip, without it. */
export const TEST_REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** Two connections: two "nodes" sharing one Redis. */
  readonly nodeA: RedisHandle;
  readonly nodeB: RedisHandle;
  /** A key space of its own for each test (and each property run), under this file's prefix. */
  freshPrefix(): string;
  /** An `onError` for limiters on a working Redis: a test that calls it fails after it ends. */
  unexpectedError(error: unknown): void;
}

/** Opens two connections for the file and deletes every key it made afterwards (checking none is left). */
export function useTestRedis(): TestRedis {
  const filePrefix = `parley-test:${randomBytes(6).toString('hex')}:`;
  let prefixes = 0;
  const handles: { nodeA?: RedisHandle; nodeB?: RedisHandle } = {};
  const unexpected: unknown[] = [];
  afterEach(() => {
    expect(unexpected.splice(0)).toEqual([]);
  });
  beforeAll(async () => {
    handles.nodeA = await openRedis(TEST_REDIS_URL);
    handles.nodeB = await openRedis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    const { nodeA, nodeB } = handles;
    if (nodeA) {
      let cursor = '0';
      do {
        const [next, keys] = await nodeA.client.scan(cursor, 'MATCH', `${filePrefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await nodeA.client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      expect(await nodeA.client.keys(`${filePrefix}*`)).toEqual([]);
    }
    await nodeA?.close();
    await nodeB?.close();
  });
  return {
    get nodeA() {
      return handles.nodeA as RedisHandle;
    },
    get nodeB() {
      return handles.nodeB as RedisHandle;
    },
    freshPrefix: () => `${filePrefix}${prefixes++}:`,
    unexpectedError: (error) => unexpected.push(error),
  };
}

/** The keys under `prefix`: two, short, without `secret` in them, expiring with the window that began just now. */
export async function expectBoundedKeys(redis: RedisHandle, prefix: string, secret: string, windowMs: number): Promise<string[]> {
  const keys = await redis.client.keys(`${prefix}*`);
  expect(keys).toHaveLength(2);
  for (const key of keys) {
    expect(key.length).toBeLessThan(prefix.length + 40);
    expect(key).not.toContain(secret);
    const ttl = await redis.client.pttl(key);
    expect(ttl).toBeGreaterThan(windowMs - 5_000);
    expect(ttl).toBeLessThanOrEqual(windowMs);
  }
  return keys;
}
