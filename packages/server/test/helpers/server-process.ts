import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { TEST_DATABASE_URL } from './stores.js';

/** `parley serve` of this checkout, built (`npm test` builds before the tests run). */
const CLI = fileURLToPath(new URL('../../../cli/bin/parley.js', import.meta.url));

/** A real `parley serve` in its own process, which a test may SIGKILL and start again on the same port and data. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** The process has exited (after `kill`, or by itself). */
  readonly exited: Promise<void>;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
}

export interface ServerProcessOptions {
  port: number;
  dataDir: string;
  /** PostgreSQL instead of SQLite in dataDir. */
  databaseUrl?: string | null;
  env?: Record<string, string>;
  /** How long to wait for "Parley is listening". */
  startTimeoutMs?: number;
}

/** Defined with the fault helpers, which must not import the server (they run in scripts of their own too). */
export { freePort } from './fault-support.js';

const running = new Set<ChildProcess>();

/** Starts `parley serve` and resolves once it listens; rejects with its output if it exits or takes too long. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    PARLEY_HOST: '127.0.0.1',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(options.port), '--data-dir', options.dataDir], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  }).finally(() => running.delete(child));
  const output = () => lines.join('\n');

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley serve did not start within ${options.startTimeoutMs ?? 30_000} ms:\n${output()}`));
    }, options.startTimeoutMs ?? 30_000);
    const look = (chunk: Buffer) => {
      const match = /Parley is listening on (\S+)/.exec(chunk.toString());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stderr?.off('data', look);
      resolve(match[1]);
    };
    child.stderr?.on('data', look);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`parley serve exited (${child.exitCode ?? child.signalCode}) before listening:\n${output()}`));
    });
  });
  return {
    url,
    pid: child.pid ?? -1,
    exited,
    output,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** SIGKILLs every server process still running (for afterAll, whatever a test left behind). */
export async function killServerProcesses(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
  running.clear();
}

/** A throwaway PostgreSQL database next to TEST_DATABASE_URL's, for a server process of its own. */
export async function createTestDatabase(prefix = 'crash'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** POST /graphql of a running server; throws on GraphQL errors. */
export async function httpGql<T>(baseUrl: string, query: string, variables: Record<string, unknown> = {}, bearer: string | null = null) {
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}

/** The password grant of /oauth2/token against a running server. */
export async function httpPasswordGrant(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username, password }),
  });
  if (response.status !== 200) throw new Error(`password grant: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
