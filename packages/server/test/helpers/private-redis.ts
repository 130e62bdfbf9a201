import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { continueTree, freePort, makeScratchDir, processState, releaseScratchDir, stopTree } from './fault-support.js';

// A Redis of a test's own, on a free port, that the test may stop, start again or freeze.
// Never touches the shared Redis on 6379: it only ever signals the child it spawned.

/** A private Redis; every method resolves once the state is reached. */
export interface PrivateRedis {
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  /** SIGTERM (after SIGCONT if paused), resolving once it has exited; no-op when stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted), resolving once it answers PING. */
  start(): Promise<void>;
  /** SIGSTOP: commands, even on open connections, and new connections hang. */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): Promise<void>;
  /** Kills it whatever the state and removes its directory; safe to call twice. */
  close(): Promise<void>;
  /** The last lines of its log, for failure messages. */
  log(): string;
}

/** PING over a fresh connection; resolves whether `+PONG` came back within `timeoutMs`. */
export function redisPing(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    let reply = '';
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(false));
  });
}

/** Spawns `redis-server` (no persistence) on a free 127.0.0.1 port and resolves once it answers PING. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = makeScratchDir('redis');
  const logFile = join(dir, 'redis.log');
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no log)';
    }
  };
  let port = 0;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let state: 'running' | 'paused' | 'stopped' | 'closed' = 'stopped';
  let closing: Promise<void> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => {});
    return next;
  };

  const launch = async () => {
    const out = openSync(logFile, 'a');
    const spawned = spawn(
      process.env.PARLEY_TEST_REDIS_SERVER ?? 'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
      // Own process group: a ^C at the terminal must not leave it half-dead; the guard cleans up.
      { cwd: dir, detached: true, stdio: ['ignore', out, out], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    );
    closeSync(out);
    child = spawned;
    let gone = false;
    exited = new Promise<void>((resolve) => {
      spawned.once('exit', () => {
        gone = true;
        resolve();
      });
      spawned.once('error', () => {
        gone = true;
        resolve();
      });
    });
    const end = Date.now() + 10_000;
    while (!(await redisPing(port, 500))) {
      if (gone) throw new Error(`redis-server exited before answering:\n${log()}`);
      if (Date.now() > end) throw new Error(`redis-server did not answer within 10 s:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    state = 'running';
  };
  const resumeIfPaused = async () => {
    if (state !== 'paused' || !child?.pid) return;
    await continueTree([child.pid]);
    state = 'running';
  };
  const terminate = async (signal: NodeJS.Signals) => {
    await resumeIfPaused();
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await exited;
    }
    child = null;
  };

  try {
    // freePort can race another process for the port: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await launch();
        break;
      } catch (error) {
        if (attempt >= 3 || !/Address already in use/i.test(log())) throw error;
      }
    }
  } catch (error) {
    await terminate('SIGKILL').catch(() => {});
    await releaseScratchDir(dir);
    throw error;
  }

  const ensureOpen = () => {
    if (state === 'closed') throw new Error('this private Redis is closed');
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    log,
    stop: () =>
      serial(async () => {
        ensureOpen();
        await terminate('SIGTERM');
        state = 'stopped';
      }),
    start: () =>
      serial(async () => {
        ensureOpen();
        await resumeIfPaused();
        if (!child) await launch();
      }),
    pause: () =>
      serial(async () => {
        ensureOpen();
        if (state === 'paused') return;
        const pid = child?.pid;
        if (!pid || processState(pid) === null) throw new Error('cannot pause: this private Redis is not running');
        await stopTree(pid);
        state = 'paused';
      }),
    resume: () =>
      serial(async () => {
        ensureOpen();
        await resumeIfPaused();
      }),
    close: () => {
      closing ??= serial(async () => {
        if (state === 'closed') return;
        try {
          await terminate('SIGKILL');
        } finally {
          state = 'closed';
          await releaseScratchDir(dir);
        }
      });
      return closing;
    },
  };
}
