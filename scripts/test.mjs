#!/usr/bin/env node
// `npm test`: installs what the tests need when it can, then lint, type-check and every test.
// A missing prerequisite that cannot be installed stops the run with its name: never a silent skip.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (command, args, options = {}) => spawnSync(command, args, { stdio: 'inherit', ...options }).status === 0;
const quiet = (command, args) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** Debian packages the tests use, and how to tell they are there. */
const PREREQUISITES = [
  {
    name: 'python3-jwcrypto',
    why: 'interop tests (Python brand backends)',
    present: () => quiet('/usr/bin/python3', ['-c', 'import jwcrypto']),
  },
  {
    name: 'libcrypt-jwt-perl',
    why: 'interop tests (the Perl brand backend of the integration guide)',
    present: () => quiet('/usr/bin/perl', ['-MCrypt::JWT', '-e1']),
  },
  {
    name: 'sqlite3',
    why: 'operations guide tests (SQLite backup, restore and move to PostgreSQL)',
    present: () => quiet('sqlite3', ['-version']),
  },
  {
    name: 'postgresql-client',
    why: 'operations guide tests (pg_dump, pg_restore, psql)',
    present: () => ['pg_dump', 'pg_restore', 'psql'].every((tool) => quiet(tool, ['--version'])),
  },
  {
    name: 'curl',
    why: 'the guide test (test/guides: the README and the quick start, run as written)',
    present: () => quiet('curl', ['--version']),
  },
  {
    name: 'postgresql',
    why: 'fault tests (a private PostgreSQL they restart, stop and freeze: initdb, pg_ctl)',
    present: () =>
      quiet('initdb', ['--version']) ||
      (existsSync('/usr/lib/postgresql') &&
        readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))),
  },
  {
    name: 'redis-server',
    why: 'fault tests (a private Redis they stop and freeze)',
    present: () => quiet('redis-server', ['--version']),
  },
  {
    name: 'haproxy',
    why: 'the cluster test and deploy/haproxy.cfg checks (three nodes behind the shipped load balancer configuration)',
    present: () => quiet('haproxy', ['-v']),
  },
  {
    name: 'chromium',
    why: 'browser tests (the SDK and widget in Debian Chromium, driven by playwright-core)',
    present: () => existsSync(process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium'),
  },
];

/** Services the storage suites connect to; they cannot be installed from here, only named. */
async function ensureServices() {
  const url = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    console.error(`Missing test prerequisite: PostgreSQL at ${url} (${error.message}).`);
    console.error('Start it (Debian: pg_ctlcluster 15 main start) or point PARLEY_TEST_DATABASE_URL at one.');
    process.exit(1);
  }
  const redisUrl = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    redis.disconnect();
  } catch (error) {
    console.error(`Missing test prerequisite: Redis at ${redisUrl} (${error.message}).`);
    console.error(
      'Start it (Debian: apt-get install -y redis-server && redis-server --daemonize yes) or point PARLEY_TEST_REDIS_URL at one.',
    );
    process.exit(1);
  }
}

function ensurePrerequisites() {
  const missing = PREREQUISITES.filter((prerequisite) => !prerequisite.present());
  if (missing.length === 0) return;
  const names = missing.map((prerequisite) => prerequisite.name);
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canInstall) {
    console.log(`Installing test prerequisites: ${names.join(', ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', ...names], { env });
  }
  const still = missing.filter((prerequisite) => !prerequisite.present());
  if (still.length > 0) {
    for (const prerequisite of still) console.error(`Missing test prerequisite: ${prerequisite.name} (${prerequisite.why}).`);
    console.error(
      canInstall ? 'apt-get could not install it.' : `Install it with: sudo apt-get install -y ${still.map((p) => p.name).join(' ')}`,
    );
    process.exit(1);
  }
}

const report = join(mkdtempSync(join(tmpdir(), 'parley-test-')), 'vitest.json');
const steps = [
  ['lint (biome)', 'npx', ['biome', 'check', '.']],
  ['type-check (tsc)', 'npm', ['run', '--silent', 'typecheck']],
  // `npm ci` built already; this catches sources changed since (incremental, about a second when nothing did).
  ['build (dist/ and the browser assets the server serves)', 'npm', ['run', '--silent', 'build']],
  ['tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]],
];

/** One plain closing line, whatever happened: `tests: N passed, N failed`. */
function printTestCount() {
  if (!existsSync(report)) return;
  const { numPassedTests, numFailedTests } = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`tests: ${numPassedTests} passed, ${numFailedTests} failed`);
}

ensurePrerequisites();
await ensureServices();
for (const [label, command, args] of steps) {
  console.log(`\n▶ ${label}`);
  if (!run(command, args)) {
    printTestCount();
    console.error(`\n✗ ${label} failed`);
    process.exit(1);
  }
}
printTestCount();
console.log('✓ lint, type-check and tests passed');
