import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const BIN = new URL('../bin/parley.js', import.meta.url).pathname;

describe('parley serve', () => {
  it('starts on SQLite, answers health and JWKS, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-serve-'));
    const { PARLEY_SECRET: _unused, ...environment } = process.env;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
      env: {
        ...environment,
        PARLEY_HOST: '127.0.0.1',
        PARLEY_ADMIN_EMAIL: 'first@example.com',
        PARLEY_ADMIN_PASSWORD: 'correct horse battery',
      },
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(stderr).toContain(`SQLite in ${dataDir}`);
    // The line that follows "listening" may arrive in the next chunk.
    for (let waited = 0; !stderr.includes('Created the first admin') && waited < 5000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stderr).toContain('Created the first admin, first@example.com');
    // Without PARLEY_SECRET, the keys are sealed with a secret generated in the data dir, and the log says where.
    expect(stdout).toContain(`generated the secret that seals the platform keys: ${join(dataDir, 'secret')}`);
    for (const file of ['secret', 'parley.db']) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    const jwks = (await (await fetch(`${url}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // Another first admin on a database that has one already: ignored, and the log says so at start.
    const other = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
      env: {
        ...environment,
        PARLEY_HOST: '127.0.0.1',
        PARLEY_ADMIN_EMAIL: 'admin@example.com',
        PARLEY_ADMIN_PASSWORD: 'correct horse battery',
      },
    });
    let otherLog = '';
    other.stdout.on('data', (chunk: Buffer) => {
      otherLog += chunk.toString();
    });
    other.stderr.on('data', (chunk: Buffer) => {
      otherLog += chunk.toString();
    });
    for (let waited = 0; !otherLog.includes('listening on') && other.exitCode === null && waited < 15_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const otherExited = new Promise<number | null>((resolve) => other.once('exit', resolve));
    other.kill('SIGTERM');
    expect(await otherExited).toBe(0);
    const warning = otherLog
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .find((entry) => entry.msg.includes('PARLEY_ADMIN_EMAIL'));
    expect(warning?.level).toBe('warn');
    expect(warning?.msg).toMatch(/^PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD were ignored: this database already has 1 operator/);
    expect(otherLog).not.toContain('Created the first admin');

    // Without the secret file (a restore that forgot it), the start stops, says why and ends the process.
    rmSync(join(dataDir, 'secret'));
    const again = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { env: environment });
    let refusal = '';
    again.stderr.on('data', (chunk: Buffer) => {
      refusal += chunk.toString();
    });
    expect(await new Promise<number | null>((resolve) => again.once('exit', resolve))).toBe(1);
    expect(refusal).toContain(
      `the platform keys in the database are sealed, but PARLEY_SECRET is not set and ${join(dataDir, 'secret')} does not exist`,
    );
  });

  it('refuses a bad configuration, naming the option', async () => {
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'mysql://nope';
    try {
      const { code, stderr } = await runCli(['serve']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/DATABASE_URL: must be a postgres/);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  });
});
