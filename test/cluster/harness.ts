import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort, makeScratchDir, releaseScratchDir } from '../../packages/server/test/helpers/fault-support.js';
import { createTestDatabase } from '../../packages/server/test/helpers/server-process.js';
import { TEST_DATABASE_URL } from '../../packages/server/test/helpers/stores.js';

// Three (or N) `parley serve` nodes behind HAProxy, as a deployment runs them: the built CLI
// (`node packages/cli/bin/parley.js serve`) configured by environment variables only, and HAProxy
// with the shipped deploy/haproxy.cfg. Used by test/cluster, `npm run cluster` and
// `npm run bench:cluster`; it imports neither vitest nor the server.
//
// Everything it starts works in a scratch directory /tmp/parley-fault-cluster-* (data dirs, the
// HAProxy socket), so the fault helpers' reaper stops it all if this process dies, however it dies.

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'packages/cli/bin/parley.js');
export const HAPROXY_CONFIG = join(ROOT, 'deploy/haproxy.cfg');
export const HAPROXY = process.env.PARLEY_HAPROXY ?? '/usr/sbin/haproxy';
/** The shared services of the machine (never stopped: fault scenarios start private ones). */
export const SHARED_DATABASE_URL = TEST_DATABASE_URL;
export const SHARED_REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const ADMIN = { email: 'cluster-admin@example.com', password: 'cluster admin password 1' };

/** Polls `check` every `everyMs` until it holds; rejects after `timeoutMs` naming `what`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000, everyMs = 10): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The last `size` lines written to a pipe. */
function tail(size: number) {
  const lines: string[] = [];
  let partial = '';
  return {
    push(chunk: Buffer) {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
      if (lines.length > size) lines.splice(0, lines.length - size);
    },
    text: () => [...lines, partial].filter(Boolean).join('\n'),
  };
}

/** A throwaway database in the shared PostgreSQL (`CREATE DATABASE`), dropped by `drop`. */
export const createDatabase = createTestDatabase;

/** Deletes every key under `prefix` (the nodes' rate-limit windows expire anyway; this leaves nothing behind at once). */
export async function clearRedisPrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export type NodeName = `node${number}`;

/** How a process ended, and when (Date.now()). */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  at: number;
}

/** One `parley serve` process; it can be killed, terminated and started again on the same port and data dir. */
export interface ClusterNode {
  readonly name: NodeName;
  /** Its own port on 127.0.0.1 (fixed after the first start). */
  readonly port: number;
  /** http://127.0.0.1:PORT, bypassing the load balancer. */
  readonly url: string;
  readonly pid: number | null;
  readonly running: boolean;
  /** Resolves once the current process has exited (immediately when none runs). */
  readonly exited: Promise<Exit>;
  /** Starts the process again (same port, data dir and environment), resolving once it listens. */
  start(): Promise<void>;
  /** SIGKILL: no shutdown hook runs. Resolves once the process is gone. */
  kill(): Promise<Exit>;
  /** SIGTERM: the graceful shutdown. Resolves at once with the signal's time; `exited` tells the end. */
  terminate(): number;
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string;
}

export interface HaproxyServer {
  /** UP, DOWN, MAINT, "UP 1/2" (going down), "DOWN 1/2" (coming up), no check (backups)… */
  status: string;
  /** Sessions (connections) it holds now. */
  current: number;
  /** Sessions since HAProxy started. */
  total: number;
}

export interface Haproxy {
  readonly port: number;
  readonly pid: number;
  /** One command of HAProxy's runtime API (`show stat`, `disable server parley/node2`…), its answer. */
  command(line: string): Promise<string>;
  /** The servers of the backend `parley`, by name (node1…, and the fail-open backups node1-any…). */
  servers(): Promise<Record<string, HaproxyServer>>;
  output(): string;
}

export interface ClusterOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Default: a fresh `parley-cluster:<random>:` so that several clusters can share one Redis. */
  redisPrefix?: string;
  /** Default 3 (deploy/haproxy.cfg names three). */
  nodes?: number;
  /** More variables for every node (over the defaults below). */
  env?: Record<string, string>;
  /** Where the load balancer listens, default 127.0.0.1 on a free port. */
  lbPort?: number;
  lbHost?: string;
  /** Lines of each process's output kept for failure messages (default 300). */
  keepLines?: number;
  /** Node output to this process's stderr as well (`npm run cluster --verbose`). */
  echo?: boolean;
}

export interface Cluster {
  /** http://HOST:PORT of HAProxy: every client talks to this only. */
  readonly lbUrl: string;
  readonly nodes: ClusterNode[];
  readonly haproxy: Haproxy;
  readonly redisPrefix: string;
  readonly secret: string;
  readonly scratch: string;
  node(name: NodeName | string): ClusterNode;
  /** Waits until HAProxy has every one of `names` UP (checked through its runtime API). */
  inRotation(names?: readonly string[], timeoutMs?: number): Promise<void>;
  /** Waits until HAProxy has `name` out of rotation (DOWN, or MAINT). */
  outOfRotation(name: string, timeoutMs?: number): Promise<void>;
  /** Output of every process, for failure messages. */
  report(): string;
  /** Stops HAProxy and every node (SIGKILL) and removes the scratch directory. */
  close(): Promise<void>;
}

/** The environment every node gets: nothing inherited but PATH/HOME, as a container would. */
function nodeEnv(options: ClusterOptions, secret: string, prefix: string, dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    NODE_ENV: 'production',
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    PARLEY_REDIS_PREFIX: prefix,
    PARLEY_SECRET: secret,
    PARLEY_HOST: '127.0.0.1',
    PARLEY_DATA_DIR: dataDir,
    PARLEY_ADMIN_EMAIL: ADMIN.email,
    PARLEY_ADMIN_PASSWORD: ADMIN.password,
    // One proxy in front (HAProxy's `option forwardfor`).
    PARLEY_TRUST_PROXY: '1',
    // Every client of a test comes from 127.0.0.1: the per-IP activation limit would refuse the later visitors.
    PARLEY_AUTH_RATE_LIMIT: '100000',
    ...options.env,
  };
}

function spawnNode(
  name: NodeName,
  env: Record<string, string>,
  cwd: string,
  keepLines: number,
  echo: boolean,
): { child: ChildProcess; listening: Promise<string>; exited: Promise<Exit>; output: () => string } {
  const child = spawn(process.execPath, [CLI, 'serve'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = tail(keepLines);
  const keep = (chunk: Buffer) => {
    lines.push(chunk);
    if (echo) process.stderr.write(`[${name}] ${chunk.toString()}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
    child.once('error', () => resolve({ code: null, signal: null, at: Date.now() }));
  });
  const listening = new Promise<string>((resolve, reject) => {
    let seen = '';
    const look = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4000);
      const match = /Parley is listening on (\S+)/.exec(seen);
      if (!match?.[1]) return;
      child.stderr?.off('data', look);
      resolve(match[1]);
    };
    child.stderr?.on('data', look);
    exited.then((exit) => reject(new Error(`${name} exited (${exit.code ?? exit.signal}) before listening:\n${lines.text()}`)), reject);
  });
  listening.catch(() => {});
  return { child, listening, exited, output: lines.text };
}

/** Starts N nodes together (as compose would) and HAProxy, and resolves once every node is in rotation. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) throw new Error('the CLI is not built: run `npm run build`');
  if (!existsSync(HAPROXY)) throw new Error(`HAProxy is not installed at ${HAPROXY} (Debian: apt-get install haproxy)`);
  const count = options.nodes ?? 3;
  const keepLines = options.keepLines ?? 300;
  const echo = options.echo ?? false;
  const scratch = makeScratchDir('cluster');
  const secret = randomBytes(24).toString('base64url');
  const redisPrefix = options.redisPrefix ?? `parley-cluster:${randomBytes(6).toString('hex')}:`;
  const nodes: (ClusterNode & { spawnFirst(): Promise<void> })[] = [];
  let haproxyChild: ChildProcess | null = null;
  let closed = false;

  for (let i = 1; i <= count; i++) {
    const name: NodeName = `node${i}`;
    const dataDir = join(scratch, name);
    mkdirSync(dataDir, { mode: 0o700 });
    const baseEnv = nodeEnv(options, secret, redisPrefix, dataDir);
    let port = 0;
    let current: ReturnType<typeof spawnNode> | null = null;
    let running = false;
    let exited: Promise<Exit> = Promise.resolve({ code: null, signal: null, at: Date.now() });
    const history: string[] = [];
    const launch = async () => {
      if (closed) throw new Error('the cluster is closed');
      const spawned = spawnNode(name, { ...baseEnv, PARLEY_PORT: String(port) }, dataDir, keepLines, echo);
      current = spawned;
      running = true;
      exited = spawned.exited.then((exit) => {
        running = false;
        history.push(`--- ${name} (pid ${spawned.child.pid}) exited: ${exit.code ?? exit.signal} ---\n${spawned.output()}`);
        return exit;
      });
      const url = await spawned.listening;
      port = Number(new URL(url).port);
    };
    nodes.push({
      name,
      get port() {
        return port;
      },
      get url() {
        return `http://127.0.0.1:${port}`;
      },
      get pid() {
        return running ? (current?.child.pid ?? null) : null;
      },
      get running() {
        return running;
      },
      get exited() {
        return exited;
      },
      spawnFirst: launch,
      async start() {
        if (running) throw new Error(`${name} is already running`);
        await launch();
      },
      async kill() {
        if (running) current?.child.kill('SIGKILL');
        return exited;
      },
      terminate() {
        const at = Date.now();
        if (running) current?.child.kill('SIGTERM');
        return at;
      },
      output: () => [...history.slice(-2), running && current ? `--- ${name} (running) ---\n${current.output()}` : ''].join('\n'),
    });
  }

  const haproxyLines = tail(keepLines);
  const statsSocket = join(scratch, 'haproxy.sock');
  const command = (line: string) =>
    new Promise<string>((resolve, reject) => {
      const socket = connect(statsSocket);
      let answer = '';
      socket.setTimeout(5000, () => socket.destroy(new Error(`HAProxy did not answer "${line}" within 5 s`)));
      socket.on('connect', () => socket.end(`${line}\n`));
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  const servers = async () => {
    const csv = (await command('show stat')).split('\n').filter(Boolean);
    const header = (csv[0] ?? '').replace(/^# /, '').split(',');
    const column = (name: string) => header.indexOf(name);
    const found: Record<string, HaproxyServer> = {};
    for (const row of csv.slice(1)) {
      const cells = row.split(',');
      if (cells[column('pxname')] !== 'parley' || ['FRONTEND', 'BACKEND'].includes(cells[column('svname')] ?? '')) continue;
      found[cells[column('svname')] as string] = {
        status: cells[column('status')] ?? '',
        current: Number(cells[column('scur')]),
        total: Number(cells[column('stot')]),
      };
    }
    return found;
  };

  const cluster: Cluster = {
    get lbUrl() {
      return `http://${options.lbHost ?? '127.0.0.1'}:${haproxy.port}`;
    },
    nodes,
    get haproxy() {
      return haproxy;
    },
    redisPrefix,
    secret,
    scratch,
    node(name) {
      const found = nodes.find((node) => node.name === name);
      if (!found) throw new Error(`no node ${name}`);
      return found;
    },
    async inRotation(names = nodes.map((node) => node.name), timeoutMs = 20_000) {
      let last: Record<string, HaproxyServer> = {};
      await until(
        async () => {
          last = await servers();
          // A server without a health check (`no check`) is always in rotation.
          return names.every((name) => ['UP', 'no check'].includes(last[name]?.status ?? ''));
        },
        `${names.join(', ')} UP in HAProxy`,
        timeoutMs,
        50,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; HAProxy says ${JSON.stringify(last)}`);
      });
    },
    async outOfRotation(name, timeoutMs = 10_000) {
      await until(async () => /^(DOWN|MAINT)/.test((await servers())[name]?.status ?? ''), `${name} out of rotation`, timeoutMs, 20);
    },
    report() {
      return [...nodes.map((node) => node.output()), `--- haproxy ---\n${haproxyLines.text()}`].join('\n');
    },
    async close() {
      if (closed) return;
      closed = true;
      haproxyChild?.kill('SIGKILL');
      await Promise.all(nodes.map((node) => node.kill()));
      await releaseScratchDir(scratch);
    },
  };

  let haproxy: Haproxy;
  try {
    // Together, as `docker compose up` starts them: migrations and the platform keys are made once whoever comes first.
    await Promise.all(nodes.map((node) => node.spawnFirst()));
    for (let attempt = 1; ; attempt++) {
      const port = options.lbPort ?? (await freePort());
      const env = {
        PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
        PARLEY_LB_BIND: `${options.lbHost ?? '127.0.0.1'}:${port}`,
        PARLEY_LB_STATS_SOCKET: statsSocket,
        ...Object.fromEntries(nodes.map((node, i) => [`PARLEY_NODE${i + 1}`, `127.0.0.1:${node.port}`])),
      };
      const child = spawn(HAPROXY, ['-f', HAPROXY_CONFIG, '-db'], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
      haproxyChild = child;
      child.stdout?.on('data', (chunk: Buffer) => haproxyLines.push(chunk));
      child.stderr?.on('data', (chunk: Buffer) => haproxyLines.push(chunk));
      const gone = new Promise<boolean>((resolve) => child.once('exit', () => resolve(true)));
      const up = until(() => existsSync(statsSocket), 'the HAProxy runtime socket', 10_000).then(() => false);
      if (!(await Promise.race([gone, up]))) {
        haproxy = { port, pid: child.pid ?? -1, command, servers, output: haproxyLines.text };
        break;
      }
      if (attempt >= 3 || options.lbPort || !/cannot bind|Address already in use/i.test(haproxyLines.text()))
        throw new Error(`HAProxy did not start:\n${haproxyLines.text()}`);
    }
    await cluster.inRotation();
  } catch (error) {
    const report = cluster.report();
    await cluster.close();
    throw new Error(`${(error as Error).message}\n${report}`);
  }
  return cluster;
}
