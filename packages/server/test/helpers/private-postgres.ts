import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { continueTree, freePort, makeScratchDir, processState, releaseScratchDir, stopTree } from './fault-support.js';

// A PostgreSQL of a test's own, on a free port, that the test may stop, restart or freeze.
// Never touches the shared PostgreSQL on 5432: its processes are found through its own
// postmaster.pid and its own scratch directory only.

/** A private PostgreSQL; every method resolves once the state is reached. */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/test */
  readonly url: string;
  readonly port: number;
  /** The scratch directory (data directory in `data/`, unix socket, `postgres.log`). */
  readonly dir: string;
  /** `pg_ctl restart -m fast` (resumes first if paused): open connections are terminated. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m fast` (resumes first if paused); no-op when stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, resolving once it accepts connections (resumes if paused). */
  start(): Promise<void>;
  /** SIGSTOPs the postmaster and all its children: queries, even on open connections, and new connections hang. */
  pause(): Promise<void>;
  /** SIGCONTs everything `pause` stopped. */
  resume(): Promise<void>;
  /** Resumes, stops immediately and removes the directory, whatever the state; safe to call twice. */
  close(): Promise<void>;
  /** The last lines of the server log, for failure messages. */
  log(): string;
}

const START_TIMEOUT_S = 30;

/** The directory of initdb/pg_ctl: PARLEY_TEST_PG_BIN, else the newest /usr/lib/postgresql/N/bin, else PATH. */
function pgBin(name: string): string {
  const configured = process.env.PARLEY_TEST_PG_BIN;
  if (configured) return join(configured, name);
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(join(base, version, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(base, versions[0], 'bin', name) : name;
}

/** initdb and postgres refuse to run as root: as root, run them as the `postgres` OS user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, but there is no `postgres` OS user to run a private PostgreSQL as');
  }
}

/** initdb (trust, no fsync) and start a PostgreSQL on a free 127.0.0.1 port with an empty database `test`. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const user = serverUser();
  const dir = makeScratchDir('pg', user);
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const run = (bin: string, args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(
        pgBin(bin),
        args,
        { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C' }, ...user, timeout: 60_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`${bin} ${args.join(' ')} failed: ${error.message}\n${stderr}\n--- postgres.log ---\n${log()}`));
          else resolve(stdout);
        },
      );
    });
  const postmasterPid = () => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return pid > 0 && processState(pid) !== null ? pid : null;
    } catch {
      return null;
    }
  };

  let state: 'running' | 'paused' | 'stopped' | 'closed' = 'stopped';
  let paused: number[] = [];
  let port = 0;
  let closing: Promise<void> | null = null;
  // One state change at a time (a test's restart and afterAll's close must not interleave).
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => {});
    return next;
  };
  const urlOf = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const accepting = async () => {
    const client = new pg.Client({ connectionString: urlOf('postgres'), connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
    } finally {
      await client.end().catch(() => {});
    }
  };
  const pgCtl = async (...args: string[]) => {
    await run('pg_ctl', [...args, '-D', data, '-w', '-t', String(START_TIMEOUT_S), '-s']);
  };
  const resumeIfPaused = async () => {
    if (state !== 'paused') return;
    await continueTree(paused);
    paused = [];
    state = 'running';
  };

  try {
    await run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    appendFileSync(
      join(data, 'postgresql.conf'),
      [
        '',
        '# private test instance (parley test/helpers/private-postgres.ts)',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        "shared_buffers = '32MB'",
        '',
      ].join('\n'),
    );
    // freePort can race another process for the port: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      appendFileSync(join(data, 'postgresql.conf'), `port = ${port}\n`);
      try {
        await pgCtl('start', '-l', logFile);
        break;
      } catch (error) {
        if (attempt >= 3 || !/could not (bind|create listen)|Address already in use/i.test(log())) throw error;
      }
    }
    state = 'running';
    const admin = new pg.Client({ connectionString: urlOf('postgres') });
    await admin.connect();
    try {
      await admin.query('CREATE DATABASE test');
    } finally {
      await admin.end();
    }
  } catch (error) {
    await releaseScratchDir(dir);
    throw error;
  }

  const ensureOpen = () => {
    if (state === 'closed') throw new Error('this private PostgreSQL is closed');
  };
  return {
    url: urlOf('test'),
    port,
    dir,
    log,
    restart: () =>
      serial(async () => {
        ensureOpen();
        await resumeIfPaused();
        await pgCtl('restart', '-m', 'fast', '-l', logFile);
        state = 'running';
        await accepting();
      }),
    stop: () =>
      serial(async () => {
        ensureOpen();
        await resumeIfPaused();
        if (postmasterPid() !== null) await pgCtl('stop', '-m', 'fast');
        state = 'stopped';
      }),
    start: () =>
      serial(async () => {
        ensureOpen();
        await resumeIfPaused();
        if (postmasterPid() === null) await pgCtl('start', '-l', logFile);
        state = 'running';
        await accepting();
      }),
    pause: () =>
      serial(async () => {
        ensureOpen();
        if (state === 'paused') return;
        const leader = postmasterPid();
        if (leader === null) throw new Error('cannot pause: this private PostgreSQL is not running');
        paused = await stopTree(leader);
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
          await resumeIfPaused();
          if (postmasterPid() !== null) await pgCtl('stop', '-m', 'immediate');
        } catch {
          // releaseScratchDir below SIGCONTs and kills whatever is left.
        } finally {
          state = 'closed';
          await releaseScratchDir(dir);
        }
      });
      return closing;
    },
  };
}
