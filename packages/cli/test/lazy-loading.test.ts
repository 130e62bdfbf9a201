import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Run {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `main()` on the sources in a fresh Node process (tsx, as a developer would), once per
 * argument list, and returns what each run printed and every file the process loaded, relative
 * to the repository.
 */
async function runRecordingLoads(runs: string[][]): Promise<{ runs: Run[]; loaded: string[] }> {
  const loads = join(mkdtempSync(join(tmpdir(), 'parley-cli-loads-')), 'loads.txt');
  const { stdout } = await exec(
    process.execPath,
    ['--import', 'tsx', '--import', fixture('record-loads.mjs'), fixture('run-main.ts'), JSON.stringify(runs)],
    { cwd: ROOT, env: { ...process.env, PARLEY_LOADS_FILE: loads } },
  );
  const loaded = readFileSync(loads, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => relative(ROOT, fileURLToPath(url)));
  return { runs: JSON.parse(stdout) as Run[], loaded };
}

/** What help, the version and usage errors may load: the registrations, commander and the protocol's constants. */
const LIGHT = [
  /^packages\/cli\/test\/(fixtures\/run-main|run-cli)\.ts$/,
  /^packages\/cli\/src\/(main|io)\.ts$/,
  /^packages\/cli\/src\/commands\/[a-z-]+\.ts$/,
  /^packages\/protocol\/src\//,
  /^node_modules\/commander\//,
];

const HEAVY = [
  'packages/server/',
  'packages/token/',
  'examples/brand-site/',
  'node_modules/jose/',
  'node_modules/fastify/',
  'node_modules/kysely/',
  'node_modules/better-sqlite3/',
  'node_modules/pg/',
  'node_modules/ioredis/',
  'node_modules/mercurius/',
];

describe('parley loads a command only when it runs', () => {
  it('prints help, the version and usage errors without loading the server, jose or a database driver', async () => {
    const { runs, loaded } = await runRecordingLoads([
      ['--help'],
      ['--version'],
      ['-V'],
      ['help', 'token'],
      ['serve', '--help'],
      ['keys', 'generate', '--help'],
      ['token', '--help'],
      ['token', 'create', '--help'],
      ['token', 'inspect', '--help'],
      ['token', 'test', '--help'],
      ['token', 'create', '--user-id', 'u'],
      ['token', 'inspect'],
      ['keys', 'generate', '--kind', 'nope'],
      ['keys', 'generate', '--kind', 'brand', '--bits', '1024'],
      ['serve', '--nope'],
      ['nope'],
      [],
    ]);
    expect(runs.map(({ argv, code }) => [argv.join(' '), code])).toEqual([
      ['--help', 0],
      ['--version', 0],
      ['-V', 0],
      ['help token', 0],
      ['serve --help', 0],
      ['keys generate --help', 0],
      ['token --help', 0],
      ['token create --help', 0],
      ['token inspect --help', 0],
      ['token test --help', 0],
      ['token create --user-id u', 2],
      ['token inspect', 2],
      ['keys generate --kind nope', 2],
      ['keys generate --kind brand --bits 1024', 2],
      ['serve --nope', 2],
      ['nope', 2],
      ['', 2],
    ]);
    expect(loaded).toContain('packages/cli/src/main.ts');
    expect(loaded.filter((file) => HEAVY.some((heavy) => file.startsWith(heavy)))).toEqual([]);
    // Nothing else either: a new import in a registration module has to be light to pass.
    expect(loaded.filter((file) => !LIGHT.some((pattern) => pattern.test(file)))).toEqual([]);
  });

  it('loads what a command needs when it runs (the recorder sees it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-lazy-'));
    const brand = join(dir, 'brand');
    const platform = join(dir, 'platform');
    expect((await runCli(['keys', 'generate', '--kind', 'brand', '--out', brand])).code).toBe(0);
    expect((await runCli(['keys', 'generate', '--kind', 'platform', '--out', platform])).code).toBe(0);
    const created = await runCli([
      'token',
      'create',
      '--user-id',
      'user-42',
      '--brand-private-key',
      join(brand, 'private.pem'),
      '--platform-public-key',
      join(platform, 'public.pem'),
    ]);
    expect(created.code).toBe(0);

    const { runs, loaded } = await runRecordingLoads([
      [
        'token',
        'inspect',
        created.stdout.trim(),
        '--platform-private-key',
        join(platform, 'private.pem'),
        '--brand-public-key',
        join(brand, 'public.pem'),
      ],
    ]);
    expect(runs[0]).toMatchObject({ code: 0, stderr: '' });
    expect(runs[0]?.stdout).toContain('OK: valid credentials for user "user-42"');
    expect(loaded).toContain('packages/cli/src/actions/token-inspect.ts');
    // token inspect needs only verifyCredentials, a pure function, but it comes from the server's index.
    expect(
      ['packages/server/', 'packages/token/', 'node_modules/jose/'].filter((heavy) => !loaded.some((file) => file.startsWith(heavy))),
    ).toEqual([]);
  });
});

describe('parley --version', () => {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

  it.each([['--version'], ['-V']])('%s prints the version of the parley package and exits 0', async (flag) => {
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('is listed in the help', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toMatch(/-V, --version\s+print the version of parley/);
  });
});
