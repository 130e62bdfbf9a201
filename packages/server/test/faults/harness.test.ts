import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesUnder, waitUntil } from '../helpers/fault-support.js';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-postgres.js';
import { type PrivateRedis, redisPing, startPrivateRedis } from '../helpers/private-redis.js';
import { mountReadOnlyDir, mountSmallFilesystem } from '../helpers/small-filesystem.js';

// Proves the fault helpers do what the fault tests rely on. Touches only private instances.

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const ABANDON = fileURLToPath(new URL('./fixtures/abandon.ts', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The promise's value, or 'pending' if it has not settled within `ms`. */
const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, sleep(ms).then(() => 'pending' as const)]);

/** Whether a TCP connection to 127.0.0.1:port is refused (nothing listens, not even a frozen process). */
const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });

const mounted = (dir: string) => readFileSync('/proc/self/mounts', 'utf8').includes(` ${dir} `);

async function connectedClient(url: string, errors: Error[] = []): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', (error) => errors.push(error));
  await client.connect();
  return client;
}

describe('private PostgreSQL', () => {
  let postgres: PrivatePostgres;
  beforeAll(async () => {
    postgres = await startPrivatePostgres();
  }, 30_000);
  afterAll(() => postgres?.close());

  it('answers on its own port, 127.0.0.1 only, database test as postgres', async () => {
    expect(postgres.url).toBe(`postgres://postgres@127.0.0.1:${postgres.port}/test`);
    expect(postgres.port).not.toBe(5432);
    const client = await connectedClient(postgres.url);
    try {
      const { rows } = await client.query('SELECT current_database() AS db, current_user AS who, inet_server_port() AS port');
      expect(rows[0]).toEqual({ db: 'test', who: 'postgres', port: postgres.port });
      expect((await client.query('SHOW listen_addresses')).rows[0].listen_addresses).toBe('127.0.0.1');
      // Its processes are told apart from the shared server's by their working directory.
      expect(processesUnder(postgres.dir).length).toBeGreaterThanOrEqual(5);
    } finally {
      await client.end();
    }
  });

  it('pause() freezes open connections and new ones until resume()', async () => {
    const client = await connectedClient(postgres.url);
    try {
      await postgres.pause();
      const query = client.query('SELECT 1 AS one');
      expect(await within(query, 500)).toBe('pending');
      const late = new pg.Client({ connectionString: postgres.url, connectionTimeoutMillis: 300 });
      await expect(late.connect()).rejects.toThrow(/timeout/i);
      await postgres.resume();
      expect((await within(query, 2_000)) as pg.QueryResult).toMatchObject({ rows: [{ one: 1 }] });
      expect((await client.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await client.end();
    }
  });

  it('restart() terminates open connections; new ones work', async () => {
    const errors: Error[] = [];
    const client = await connectedClient(postgres.url, errors);
    await postgres.restart();
    await waitUntil(() => errors.length > 0, 2_000, 'the open connection to fail');
    expect(errors[0]?.message).toMatch(/terminating connection due to administrator command|Connection terminated/);
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end().catch(() => {});
    const fresh = await connectedClient(postgres.url);
    expect((await fresh.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await fresh.end();
  });

  it('stop() refuses connections; start() serves the same data again', async () => {
    const client = await connectedClient(postgres.url);
    await client.query('CREATE TABLE IF NOT EXISTS kept (n int); INSERT INTO kept VALUES (7)');
    await client.end();
    await postgres.stop();
    expect(await refused(postgres.port)).toBe(true);
    await postgres.start();
    const again = await connectedClient(postgres.url);
    expect((await again.query('SELECT n FROM kept')).rows).toEqual([{ n: 7 }]);
    await again.end();
  });

  it('close() while paused leaves nothing behind, and may be called again', async () => {
    await postgres.pause();
    await postgres.close();
    expect(existsSync(postgres.dir)).toBe(false);
    expect(processesUnder(postgres.dir)).toEqual([]);
    expect(await refused(postgres.port)).toBe(true);
    await postgres.close();
  });
});

describe('private Redis', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis();
  }, 20_000);
  afterAll(() => redis?.close());

  it('answers PING on its own port', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(redis.port).not.toBe(6379);
    expect(await redisPing(redis.port)).toBe(true);
  });

  it('stop() refuses connections; start() answers on the same port', async () => {
    await redis.stop();
    expect(await refused(redis.port)).toBe(true);
    await redis.start();
    expect(await redisPing(redis.port)).toBe(true);
  });

  it('pause() freezes open connections and new ones until resume()', async () => {
    const socket = connect({ host: '127.0.0.1', port: redis.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
    });
    try {
      await redis.pause();
      socket.write('PING\r\n');
      expect(await redisPing(redis.port, 300)).toBe(false);
      expect(reply).toBe('');
      await redis.resume();
      await waitUntil(() => reply === '+PONG\r\n', 2_000, 'the frozen PING to be answered');
      expect(await redisPing(redis.port)).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('close() while paused kills it, and may be called again', async () => {
    await redis.pause();
    await redis.close();
    expect(await refused(redis.port)).toBe(true);
    await redis.close();
  });
});

describe('small filesystems', () => {
  it('fill() makes writes fail with ENOSPC; free() makes room again', async (context) => {
    const filesystem = await mountSmallFilesystem(256 * 1024);
    if (!filesystem) {
      expect(process.getuid?.()).not.toBe(0);
      return context.skip('mounting a tmpfs is not permitted here');
    }
    try {
      await writeFile(join(filesystem.dir, 'before'), 'fits');
      await filesystem.fill();
      await expect(writeFile(join(filesystem.dir, 'after'), 'x'.repeat(64))).rejects.toMatchObject({ code: 'ENOSPC' });
      await filesystem.free();
      await writeFile(join(filesystem.dir, 'after'), 'x'.repeat(64));
      expect(await readFile(join(filesystem.dir, 'before'), 'utf8')).toBe('fits');
    } finally {
      await filesystem.unmount();
    }
    expect(mounted(filesystem.dir)).toBe(false);
    expect(existsSync(filesystem.dir)).toBe(false);
  });

  it('a read-only dir refuses writes with EROFS and keeps what was put in it', async (context) => {
    const readOnly = await mountReadOnlyDir((dir) => writeFile(join(dir, 'seed'), 'kept'));
    if (!readOnly) {
      expect(process.getuid?.()).not.toBe(0);
      return context.skip('mounting a tmpfs is not permitted here');
    }
    try {
      expect(await readFile(join(readOnly.dir, 'seed'), 'utf8')).toBe('kept');
      await expect(writeFile(join(readOnly.dir, 'new'), 'x')).rejects.toMatchObject({ code: 'EROFS' });
      await readOnly.setReadOnly(false);
      await writeFile(join(readOnly.dir, 'new'), 'x');
    } finally {
      await readOnly.unmount();
    }
    expect(mounted(readOnly.dir)).toBe(false);
  });
});

describe('safety net', () => {
  // A process that starts everything, pauses the servers and is killed without closing anything.
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`cleans up after a process killed with ${signal}`, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', ABANDON], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk) => {
        output += chunk.toString();
      });
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, name) => resolve(name ?? code)));
      try {
        await waitUntil(() => output.includes('\n') || child.exitCode !== null, 20_000, 'the abandoning process to start');
        const made = JSON.parse(output.split('\n')[0] ?? '') as {
          postgresDir: string;
          postgresPort: number;
          redisPort: number;
          filesystemDir: string | null;
        };
        expect(await within(redisPing(made.redisPort, 300), 1_000)).toBe(false);
        child.kill(signal);
        expect(await exited).toBe(signal);
        await waitUntil(
          async () =>
            !existsSync(made.postgresDir) &&
            (await refused(made.postgresPort)) &&
            (await refused(made.redisPort)) &&
            (made.filesystemDir === null || !mounted(made.filesystemDir)),
          10_000,
          `everything it made to be gone:\n${output}`,
        );
        expect(processesUnder(made.postgresDir)).toEqual([]);
      } finally {
        child.kill('SIGKILL');
      }
    }, 30_000);
  }
});
