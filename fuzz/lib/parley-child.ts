/**
 * `parley serve` as a child process, on SQLite in a fresh data directory, with the benches' env
 * (per-IP caps and the authentication rate limit lifted: every fuzz client is 127.0.0.1) and its
 * JSON-line log written to a file (lib/server-log.ts reads it).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ADMIN, parleyServerEnv } from '../../bench/lib/parley-api.js';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/parley.js', import.meta.url));

export interface ParleyChild {
  url: string;
  pid: number;
  dataDir: string;
  logPath: string;
  admin: { email: string; password: string };
  /** The exit code once it exited (null while it runs). */
  exitCode(): number | null | 'running';
  stop(): Promise<void>;
}

export async function startParley(extraEnv: NodeJS.ProcessEnv = {}): Promise<ParleyChild> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-fuzz-'));
  const logPath = join(dataDir, 'server.log');
  const env = parleyServerEnv(dataDir, {
    PARLEY_WS_MAX_PER_IP: '1000000',
    PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP: '1000000',
    PARLEY_AUTH_RATE_LIMIT: '1000000000',
    ...extraEnv,
  });
  const child = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['ignore', openSync(logPath, 'a'), 'pipe'] });
  let exit: number | null | 'running' = 'running';
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = code ?? (signal ? 128 : null);
      resolve();
    }),
  );
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parley serve did not start within 60 s:\n${stderr}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const listening = /listening on (http:\/\/\S+)/.exec(stderr);
      if (listening?.[1]) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`parley serve exited with code ${exit} before listening:\n${stderr}`));
    });
  });
  return {
    url,
    pid: child.pid as number,
    dataDir,
    logPath,
    admin: BENCH_ADMIN,
    exitCode: () => exit,
    async stop() {
      if (exit !== 'running') return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
