import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';

export interface OpenRedisOptions {
  /** Prepended to every key this process writes, so several deployments can share one Redis. Default `parley:`. */
  prefix?: string;
  /** Milliseconds before a command that got no answer fails (a hung Redis must not hang a login). Default 1000. */
  commandTimeoutMs?: number;
  /** Milliseconds to wait for the first connection at start. Default 5000. */
  connectTimeoutMs?: number;
  /** Connection errors after start (ioredis keeps reconnecting): log them. */
  onError?: (error: Error) => void;
}

export interface RedisHandle {
  readonly client: Redis;
  /** The key prefix to hand to the Redis-backed limiters and stores. */
  readonly prefix: string;
  close(): Promise<void>;
}

/**
 * Connects to `REDIS_URL` and waits until Redis answers, so a wrong URL stops the server at start.
 * Afterwards, commands fail at once while the connection is down (no offline queue) and after
 * `commandTimeoutMs` when Redis hangs, so callers can fall back instead of waiting.
 */
export async function openRedis(url: string, options: OpenRedisOptions = {}): Promise<RedisHandle> {
  const clientOptions: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    // TCP keepalive after 10 s idle (the kernel's default waits 2 hours to notice a dead peer).
    keepAlive: 10_000,
  };
  const client = new Redis(url, clientOptions);
  const onError = options.onError;
  client.on('error', (error: Error) => onError?.(error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(`REDIS_URL: cannot reach ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    client,
    prefix: options.prefix ?? 'parley:',
    async close() {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}

/**
 * A fixed-length Redis key part for a caller-controlled value (client IPs, project ids, usernames),
 * so an attacker cannot grow Redis memory with long keys: 128 bits of SHA-256, base64url (22 characters).
 */
export function hashKeyPart(value: string): string {
  return createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');
}
