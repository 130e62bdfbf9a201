import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const PYTHON = '/usr/bin/python3'; // Debian's python3-jwcrypto is visible to Debian's interpreter only
export const PERL = '/usr/bin/perl';
export const TEST_DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const sample = (path: string) => join(ROOT, 'docs/samples', path);
export const tempDir = (prefix = 'parley-docs-') => mkdtempSync(join(tmpdir(), prefix));
export const exec = promisify(execFile);

/** A child process whose first stdout line matching `ready` has been printed; killed by `stop`. */
export async function startProcess(command: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`));
    });
  });
  return {
    match,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
