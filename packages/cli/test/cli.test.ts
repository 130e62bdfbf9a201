import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CONFIG_VARIABLES } from '@parley/server';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { runCli } from './run-cli.js';

const exec = promisify(execFile);
const BIN = new URL('../bin/parley.js', import.meta.url).pathname;

/** The executable in a real process; `asUser` drops root first (`nobody`), so permissions apply as to any user. */
async function shell(args: string[], options: { asUser?: boolean } = {}) {
  const asRoot = options.asUser && process.getuid?.() === 0;
  const [command, ...prefix] = asRoot
    ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath]
    : [process.execPath];
  try {
    const { stdout, stderr } = await exec(command as string, [...prefix, BIN, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('parley (the real executable)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  const brand = join(dir, 'brand');
  const platform = join(dir, 'platform');

  it('generates keys, creates credentials and inspects them, as a brand developer would', async () => {
    expect((await shell(['keys', 'generate', '--kind', 'brand', '--out', brand])).code).toBe(0);
    expect((await shell(['keys', 'generate', '--kind', 'platform', '--out', platform])).code).toBe(0);
    for (const name of ['private.pem', 'private.jwk.json']) expect(statSync(join(brand, name)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(brand, 'public.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(readFileSync(join(brand, 'private.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(JSON.parse(readFileSync(join(platform, 'public.jwk.json'), 'utf8'))).toMatchObject({
      kty: 'RSA',
      alg: 'RSA-OAEP-256',
      use: 'enc',
    });

    const created = await shell([
      'token',
      'create',
      '--user-id',
      'user-42',
      '--visitor-data',
      '{"firstName":"Ada"}',
      '--brand-private-key',
      join(brand, 'private.pem'),
      '--platform-public-key',
      join(platform, 'public.pem'),
    ]);
    expect(created.code).toBe(0);
    const jwe = created.stdout.trim();
    expect(created.stdout).toBe(`${jwe}\n`);
    expect(jwe.split('.')).toHaveLength(5);

    const inspected = await shell([
      'token',
      'inspect',
      jwe,
      '--platform-private-key',
      join(platform, 'private.pem'),
      '--brand-public-key',
      join(brand, 'public.jwk.json'),
    ]);
    expect(inspected.code).toBe(0);
    expect(inspected.stdout).toMatch(/✓ signature/);
    expect(inspected.stdout).not.toMatch(/✗/);
    expect(inspected.stdout).toMatch(/OK: valid credentials for user "user-42"/);

    const later = Math.floor(Date.now() / 1000) + 600;
    const expired = await shell([
      'token',
      'inspect',
      jwe,
      '--platform-private-key',
      join(platform, 'private.pem'),
      '--brand-public-key',
      join(brand, 'public.pem'),
      '--now',
      String(later),
    ]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/✗ expiration/);
    expect(expired.stdout).toMatch(/FAILED: EXPIRED/);
  });

  it('prints help for every command', async () => {
    for (const args of [['--help'], ['keys', 'generate', '--help'], ['token', 'create', '--help'], ['token', 'inspect', '--help']]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout).toMatch(/Usage: parley/);
    }
  });

  it('names every setting the server reads in `parley serve --help`', async () => {
    const { stdout } = await runCli(['serve', '--help']);
    const missing = CONFIG_VARIABLES.filter((name) => name !== 'NODE_ENV' && !stdout.includes(name));
    expect(missing).toEqual([]);
  });
});

describe('parley errors say what to do', () => {
  it('refuses a public key where the private one is needed, without echoing key material', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-err-'));
    await runCli(['keys', 'generate', '--kind', 'brand', '--out', dir]);
    const asPrivate = await runCli([
      'token',
      'create',
      '--user-id',
      'u',
      '--brand-private-key',
      join(dir, 'public.pem'),
      '--platform-public-key',
      join(dir, 'public.pem'),
    ]);
    expect(asPrivate.code).toBe(1);
    expect(asPrivate.stderr).toMatch(/is a public key; a private key is needed/);
    const asPublic = await runCli([
      'token',
      'create',
      '--user-id',
      'u',
      '--brand-private-key',
      join(dir, 'private.pem'),
      '--platform-public-key',
      join(dir, 'private.pem'),
    ]);
    expect(asPublic.stderr).toMatch(/contains private key material/);
    const secret = readFileSync(join(dir, 'private.pem'), 'utf8').split('\n')[5] as string;
    expect(asPublic.stderr).not.toContain(secret.slice(0, 20));
  });

  it('says in one line, never with a stack trace, that --out cannot be written', async () => {
    // A guide whose $OUT was unset asked for "/brand-keys": a user who is not root got Node's EACCES stack.
    const parent = mkdtempSync(join(tmpdir(), 'parley-cli-readonly-'));
    chmodSync(parent, 0o555);
    const denied = await shell(['keys', 'generate', '--kind', 'brand', '--out', join(parent, 'brand-keys')], { asUser: true });
    expect(denied).toEqual({
      code: 1,
      stdout: '',
      stderr: `parley: cannot write the keys to ${parent}/brand-keys: permission denied (EACCES) on ${parent}/brand-keys; choose a directory you can write to with --out.\n`,
    });
    const file = join(mkdtempSync(join(tmpdir(), 'parley-cli-err-')), 'a-file');
    writeFileSync(file, '');
    const notADirectory = await runCli(['keys', 'generate', '--kind', 'brand', '--out', join(file, 'keys')]);
    expect(notADirectory.code).toBe(1);
    // Any other failed system call that no command explains (here, stdout gone) is one line too.
    let stderr = '';
    const io = {
      out: () => {
        throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' });
      },
      err: (text: string) => {
        stderr += text;
      },
      readStdin: async () => '',
    };
    const outDir = join(mkdtempSync(join(tmpdir(), 'parley-cli-err-')), 'keys');
    expect(await main(['keys', 'generate', '--kind', 'brand', '--out', outDir], io)).toBe(1);
    expect(stderr).toBe('parley: write failed: the output was closed (EPIPE).\n');
    expect(notADirectory.stderr).toMatch(
      /^parley: cannot write the keys to .*: a part of the path is not a directory \(ENOTDIR\) on .*; choose .*\n$/,
    );
  });

  it('names a missing file, a bad --now and an existing key', async () => {
    expect(
      (await runCli(['token', 'create', '--user-id', 'u', '--brand-private-key', '/nope.pem', '--platform-public-key', '/nope.pem']))
        .stderr,
    ).toMatch(/cannot read --brand-private-key "\/nope.pem": no such file/);
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-err-'));
    await runCli(['keys', 'generate', '--kind', 'platform', '--out', dir]);
    const again = await runCli(['keys', 'generate', '--kind', 'platform', '--out', dir]);
    expect(again.stderr).toMatch(/already exists; choose another --out or pass --force/);
    const badNow = await runCli([
      'token',
      'inspect',
      'x',
      '--platform-private-key',
      join(dir, 'private.pem'),
      '--brand-public-key',
      join(dir, 'public.pem'),
      '--now',
      'tomorrow',
    ]);
    expect(badNow).toMatchObject({ code: 2 });
    expect(badNow.stderr).toMatch(/--now must be a whole number/);
    expect((await runCli(['keys', 'generate', '--kind', 'visitor'])).code).toBe(2);
  });
});
