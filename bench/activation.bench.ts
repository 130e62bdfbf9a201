/**
 * npm run bench:activation [-- --store sqlite|postgres|both] [--clients N] [--seconds 5] [--cpu-prof DIR]
 *
 * Visitor activations through the real API: the server runs in its own process as `parley serve`
 * does (verifier worker pool, JSON-line logs to /dev/null), on SQLite and on PostgreSQL (a
 * throwaway schema); this process is the load generator, on loopback, sharing the same cores.
 * Set up through the API (operator token, project in authenticated mode, the test-vector brand
 * key, the platform key from /.well-known/jwks.json); fresh single-use credentials are made with
 * @parley/token before the timed part. Every answer is checked (no `errors`, a vuid); the count
 * of successes is checked against the authentication log at the end.
 *
 * Phases per store: warm-up; saturation (closed loop, N clients; by default the node's own bound on
 * activations in progress, 8 × cores: more would be refused 503 by design) → activations/s, p50, p99;
 * half load (open loop at half the saturation rate) → p50, p99. The floor — raw RSA-OAEP-256
 * decryptions/s on all cores — is measured at the start and at the end of the same run; ratio =
 * activations/s ÷ floor. Goals: ratio ≥ 0.65, p99 ≤ 10 ms at half load. The last line,
 * `ratio: X.XX`, is SQLite's (the default deployment) when SQLite ran.
 *
 * Each phase also prints where the cores went, from /proc (Linux): the server's main thread, its
 * other threads (verifier workers, GC, JIT), the load generator, PostgreSQL, the rest of the
 * machine — in % of a core and per activation — and how busy the server's event loop was.
 *
 * --cpu-prof DIR writes V8 CPU profiles of the server process (main thread and verifier workers), and DIR/phases.json,
 * when each phase ran in the profiles' clock.
 * BENCH_SERVER_LOGS=0 turns the server's request logs off (to see what they cost); BENCH_VERIFIER_THREADS=N
 * sizes the server's verifier pool (default: one worker per core, as in production).
 * PostgreSQL URL: BENCH_DATABASE_URL, else PARLEY_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { keyPath } from '@parley/test-vectors';
import { createCredentials } from '@parley/token';
import { cpuMeter, formatCpuShare } from './lib/cpu-share.js';
import { makeCredentials } from './lib/credential-maker.js';
import { closedLoop, type Judge, openLoop, type PhaseResult, percentile, postRequest, RequestFeed } from './lib/loopback-load.js';
import { type AuthenticatedProject, authenticatedProject, BENCH_RATE_LIMIT, graphql, parleyServerEnv } from './lib/parley-api.js';
import { PhaseTimes } from './lib/phase-times.js';
import { measureRawRsaDecryptions } from './lib/raw-rsa-floor.js';
import { forkServer, type ServerProcess } from './lib/server-process.js';

const { values: flags } = parseArgs({
  options: {
    store: { type: 'string', default: 'both' },
    clients: { type: 'string', default: String(8 * availableParallelism()) },
    seconds: { type: 'string', default: '5' },
    'cpu-prof': { type: 'string' },
  },
});
type Dialect = 'sqlite' | 'postgres';
const STORES: Dialect[] =
  flags.store === 'both' ? ['sqlite', 'postgres'] : flags.store === 'sqlite' || flags.store === 'postgres' ? [flags.store] : [];
if (STORES.length === 0) throw new Error('--store: sqlite, postgres or both');
const CLIENTS = Number(flags.clients);
const PHASE_MS = Number(flags.seconds) * 1000;
if (!(CLIENTS >= 1 && CLIENTS <= 1024) || !(PHASE_MS >= 1000 && PHASE_MS <= 30_000))
  throw new Error('--clients: 1 to 1024; --seconds: 1 to 30');
const CPU_PROFILE_DIR = flags['cpu-prof'] ? resolve(flags['cpu-prof']) : null;
const phases = new PhaseTimes();
const WARMUP_MS = 1500;
/** The warm-up ends at WARMUP_MS or when these are used up. */
const WARMUP_CREDENTIALS = 3000;
const FLOOR_MS = 3000;
/** The project's max token lifetime, and the credentials' own: they are made before the timed part. */
const TOKEN_LIFETIME_SECONDS = 600;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MUTATION =
  'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid expiresAt } }';

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { name?: string } }[];
}

/** A success is a 200 without `errors` that names the new vuid; anything else is counted by its error name. */
const judge: Judge = (answer) => {
  let body: GraphQLBody;
  try {
    body = JSON.parse(answer.body) as GraphQLBody;
  } catch {
    return `HTTP ${answer.status}, not JSON`;
  }
  const error = body.errors?.[0];
  if (error) return error.extensions?.name ?? error.message ?? 'error';
  if (answer.status !== 200) return `HTTP ${answer.status}`;
  const result = body.data?.visitorAuthenticateFromCredentials as { vuid?: unknown; expiresAt?: unknown } | undefined;
  return typeof result?.vuid === 'string' && typeof result.expiresAt === 'string' ? null : 'answer without vuid';
};

// --- the server process and the setup through the API ------------------------------------------

function startServerProcess(dialect: Dialect, dataDir: string): Promise<ServerProcess> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const passed = ['BENCH_SERVER_LOGS', 'BENCH_VERIFIER_THREADS'].filter((name) => process.env[name] !== undefined);
  return forkServer({
    label: dialect,
    module: new URL('./lib/activation-server.ts', import.meta.url).pathname,
    env: parleyServerEnv(dataDir, {
      ...(dialect === 'postgres' ? { DATABASE_URL, BENCH_PG_SCHEMA: schema } : {}),
      ...Object.fromEntries(passed.map((name) => [name, process.env[name]])),
    }),
    cpuProfileDir: CPU_PROFILE_DIR ? join(CPU_PROFILE_DIR, dialect) : null,
  });
}

type Project = AuthenticatedProject;

const setUpProject = (url: string): Promise<Project> =>
  authenticatedProject(url, 'Activation bench', readFileSync(keyPath('brand', 'public'), 'utf8'), TOKEN_LIFETIME_SECONDS);

/** Successes the authentication log holds for the project (every activation writes one). */
async function loggedSuccesses(url: string, project: Project, since: Date): Promise<number> {
  const from = new Date(Math.floor(since.getTime() / 3_600_000) * 3_600_000);
  const to = new Date(Date.now() + 3_600_000);
  const answer = await graphql<{ authenticationStats: { success: number }[] }>(
    url,
    project.operatorToken,
    'query($p: ID!, $from: DateTime!, $to: DateTime!) { authenticationStats(projectId: $p, from: $from, to: $to, bucket: HOUR) { success } }',
    { p: project.projectId, from: from.toISOString(), to: to.toISOString() },
  );
  return answer.authenticationStats.reduce((sum, bucket) => sum + bucket.success, 0);
}

// --- one store ----------------------------------------------------------------------------------

interface StoreFigures {
  dialect: Dialect;
  /** Cores used by other processes (neither server, bench nor PostgreSQL) during the timed phases, at most. */
  neighbours: number;
  rate: number;
  p50: number;
  p99: number;
  halfRate: number;
  halfP50: number;
  halfP99: number;
  failed: number;
  logMismatch: boolean;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

function describeFailures(label: string, phase: string, result: PhaseResult): void {
  if (result.failed === 0) return;
  const kinds = [...result.failures].map(([name, count]) => `${name} ×${count}`).join(', ');
  console.log(`${label}: ${phase}: ${result.failed} FAILED activations (${kinds})`);
}

async function runStore(dialect: Dialect, floorEstimate: number): Promise<StoreFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const server = await startServerProcess(dialect, dataDir);
  try {
    const since = new Date();
    const project = await setUpProject(server.url);
    const userPrefix = `bench-${dialect}-${randomBytes(4).toString('hex')}-`;
    const brandPrivateKeyPem = readFileSync(keyPath('brand', 'private'), 'utf8');
    let made = 0;
    /** Fresh credentials, made before the phase that sends them (each phase gets what it can use, no more). */
    const prepare = async (count: number): Promise<RequestFeed> => {
      const credentials = await makeCredentials({
        first: made,
        count,
        userPrefix,
        brandPrivateKeyPem,
        brandKid: project.brandKid,
        platformJwk: project.platformJwk,
        platformKid: project.platformKid,
        lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      });
      made += count;
      return new RequestFeed(
        credentials.map((c) =>
          postRequest(server.port, '/graphql', JSON.stringify({ query: MUTATION, variables: { p: project.projectId, c } })),
        ),
      );
    };

    // The warm-up also tells how many credentials saturation will use; it cannot beat the floor
    // (each activation costs one RSA-OAEP decryption on the same cores).
    const warmFeed = await prepare(WARMUP_CREDENTIALS);
    const warm = await phases.timed(dialect, 'warm-up', () => closedLoop(server.port, warmFeed, CLIENTS, WARMUP_MS, judge));
    describeFailures(dialect, 'warm-up', warm);
    const warmRate = (warm.ok * 1000) / warm.elapsedMs;
    const fullCount = Math.ceil(Math.min(warmRate * 3, floorEstimate * 1.15) * (PHASE_MS / 1000)) + 500;
    const fullFeed = await prepare(fullCount);

    /**
     * The event loop over a phase: its busy share (1 = never waiting for I/O, a worker or a timer), and its turns
     * longer than 10 ms (what makes a p99 the busy share hides).
     */
    const eventLoopMeter = async () => {
      const start = await server.eventLoop();
      await server.stalls();
      return async () => {
        const end = await server.eventLoop();
        const active = end.active - start.active;
        const { count, longestMs, withGc, overMs } = await server.stalls();
        const stalls = count === 0 ? 'none' : `${count} (longest ${longestMs.toFixed(0)} ms, ${withGc} with a GC)`;
        return `server event loop busy ${Math.round((active / (active + end.idle - start.idle)) * 100)}%, turns over ${overMs} ms: ${stalls}`;
      };
    };
    let meter = cpuMeter(server.child.pid as number);
    let loop = await eventLoopMeter();
    const full = await phases.timed(dialect, 'saturation', () => closedLoop(server.port, fullFeed, CLIENTS, PHASE_MS, judge));
    const fullCpu = meter.stop();
    const fullLoop = await loop();
    const rate = (full.ok * 1000) / full.elapsedMs;
    const figures = { rate, p50: percentile(full.latencies, 0.5), p99: percentile(full.latencies, 0.99) };
    console.log(
      `${dialect}: activations/s: ${rate.toFixed(0)}  p50: ${ms(figures.p50)}  p99: ${ms(figures.p99)} (${CLIENTS} clients, ${full.ok} ok, ${full.failed} failed${full.exhausted ? ', ran out of credentials' : ''})`,
    );
    console.log(`${dialect}:   ${formatCpuShare(fullCpu, rate)}; ${fullLoop}`);
    describeFailures(dialect, 'saturation', full);

    const halfRate = Math.max(1, Math.floor(rate / 2));
    const halfFeed = await prepare(Math.ceil((halfRate * PHASE_MS) / 1000) + 10);
    meter = cpuMeter(server.child.pid as number);
    loop = await eventLoopMeter();
    const half = await phases.timed(dialect, `half load: ${halfRate}/s`, () => openLoop(server.port, halfFeed, halfRate, PHASE_MS, judge));
    const halfCpu = meter.stop();
    const halfLoop = await loop();
    const halfP50 = percentile(half.latencies, 0.5);
    const halfP99 = percentile(half.latencies, 0.99);
    console.log(
      `${dialect}: at half load (${halfRate}/s, open loop): p50 ${ms(halfP50)}  p99 ${ms(halfP99)} (max ${ms(percentile(half.latencies, 1))}, ${half.ok} ok, ${half.failed} failed${half.exhausted ? ', ran out of credentials' : ''})`,
    );
    console.log(`${dialect}:   ${formatCpuShare(halfCpu, (half.ok * 1000) / half.elapsedMs)}; ${halfLoop}`);
    describeFailures(dialect, 'half load', half);

    console.log(`${dialect}: ${made} fresh credentials, made before each phase (warm-up ran at ${warmRate.toFixed(0)}/s), each sent once`);
    const answered = warm.ok + full.ok + half.ok;
    const logged = await loggedSuccesses(server.url, project, since);
    const logMismatch = logged !== answered;
    console.log(
      `${dialect}: authentication log: ${logged} successes for ${answered} successful answers${logMismatch ? ' — MISMATCH' : ' (sessions persisted)'}`,
    );
    return {
      dialect,
      neighbours: Math.max(fullCpu.other ?? 0, halfCpu.other ?? 0),
      ...figures,
      halfRate,
      halfP50,
      halfP99,
      failed: warm.failed + full.failed + half.failed,
      logMismatch,
    };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- the run ------------------------------------------------------------------------------------

const platformPem = readFileSync(keyPath('platform', 'private'), 'utf8');
const sample = await createCredentials({
  userId: 'floor',
  brandPrivateKey: readFileSync(keyPath('brand', 'private'), 'utf8'),
  platformPublicKey: readFileSync(keyPath('platform', 'public'), 'utf8'),
});
const encryptedKey = sample.split('.')[1] as string;
const floor = () => measureRawRsaDecryptions(platformPem, encryptedKey, FLOOR_MS);

console.log(
  `activation bench: ${availableParallelism()} cores shared by server and load generator, loopback, RSA 2048, ${CLIENTS} clients, ${PHASE_MS / 1000} s phases, stores: ${STORES.join(', ')}`,
);
console.log(`rate limit: PARLEY_AUTH_RATE_LIMIT=${BENCH_RATE_LIMIT} per minute per (IP, project), raised for the run`);
const floorStart = await floor();
console.log(`floor at the start: ${floorStart.toFixed(0)} decryptions/s`);
const results: StoreFigures[] = [];
for (const dialect of STORES) results.push(await runStore(dialect, floorStart));
const floorEnd = await floor();
const floorMean = (floorStart + floorEnd) / 2;

console.log(
  `floor: raw RSA-OAEP-256 decryptions/s (${availableParallelism()} cores): ${floorMean.toFixed(0)} (${floorStart.toFixed(0)} at the start, ${floorEnd.toFixed(0)} at the end)`,
);
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
for (const result of results) {
  const ratio = result.rate / floorMean;
  console.log(
    `${result.dialect}: ratio ${ratio.toFixed(2)} (goal ≥ 0.65: ${mark(ratio >= 0.65)}), p99 at half load ${ms(result.halfP99)} (goal ≤ 10 ms: ${mark(result.halfP99 <= 10)})`,
  );
}
const neighbours = Math.max(...results.map((result) => result.neighbours));
if (neighbours > 0.25)
  console.log(
    `note: other processes kept up to ${Math.round(neighbours * 100)}% of a core busy during the timed phases; the figures are lower than on a quiet machine`,
  );
if (CPU_PROFILE_DIR)
  console.log(
    `cpu profiles: ${CPU_PROFILE_DIR}/{sqlite,postgres}/*.cpuprofile; phase times (profile clock, µs): ${phases.write(CPU_PROFILE_DIR)}`,
  );
const headline = results.find((result) => result.dialect === 'sqlite') ?? (results[0] as StoreFigures);
console.log(`ratio: ${(headline.rate / floorMean).toFixed(2)}`);
if (results.some((result) => result.failed > 0 || result.logMismatch)) process.exitCode = 1;
