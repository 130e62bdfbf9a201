/**
 * npm run bench:overload [-- --only activation|messaging] [--store sqlite|postgres] [--cpu-prof DIR]
 * Environment: OVERLOAD_SECONDS (30), OVERLOAD_FACTOR (3), OVERLOAD_RECOVERY_SECONDS (5);
 * PARLEY_MAX_PENDING_VERIFICATIONS, PARLEY_MAX_ACTIVATIONS_IN_PROGRESS, PARLEY_SHED_EVENT_LOOP_DELAY_MS, PARLEY_WS_MAX_FRAMES_IN_FLIGHT and PARLEY_WS_MAX_FRAME_WAIT_MS are
 * passed to the server when set (the node's load-shedding bounds; their defaults otherwise).
 *
 * Overload of one node, on loopback: the server runs as `parley serve` does (bench/lib/serve-server.ts:
 * startServer, SQLite in a temporary data dir, or a throwaway PostgreSQL database with --store
 * postgres from BENCH_DATABASE_URL / PARLEY_TEST_DATABASE_URL), in a process of its own, one per
 * phase; this process is the load generator, on the same cores.
 *
 * Per phase (activations through `visitorAuthenticateFromCredentials`, then visitor messages over
 * `/realtime`):
 *   capacity  closed loop (activations: 32 clients, or the bound on activations in progress if lower; messages: 128 visitor sockets, or the bound on frames in flight if lower, keep one each in flight);
 *   baseline  open loop at half the capacity, 3 s: the p99 recovery is judged against;
 *   overload  open loop at FACTOR × capacity for OVERLOAD_SECONDS (activations on up to 1,024
 *             connections, as many clients; messages round-robin over enough visitor sockets to stay
 *             under the per-socket limit of 30 frames/s);
 *   recovery  at half the capacity for OVERLOAD_RECOVERY_SECONDS, right after the overload.
 * Latency runs from the instant a request or message was due (open loop: no coordinated omission).
 * Answers are counted by kind: ok; shed (503 SERVICE_UNAVAILABLE with Retry-After, 429, or the
 * realtime RATE_LIMITED error frame); other errors; timeouts (10 s); socket closes by code.
 * Meanwhile: the server's RSS (/proc VmRSS) every second, `GET /healthz` every 100 ms, the server's
 * event-loop delay and HTTP requests in progress (over IPC), the bytes its sockets have not read yet
 * (/proc/net/tcp), and where the cores went during the overload (cpu-share). --cpu-prof DIR also
 * writes V8 profiles of the server and prints where its main thread's time went during the overload.
 *
 * Verdicts: shed (at least half of the excess over capacity refused, with p99 of the refusals
 * ≤ 100 ms), p99 of admitted work ≤ 500 ms during the overload, peak RSS ≤ start + 200 MB, recovered
 * (every later 0.5 s window of the recovery with p99 ≤ 2 × the baseline's, at least 10 ms, and ≥ 99 %
 * ok) within the recovery time. Exit code 1 when a verdict is missed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { keyPath } from '@parley/test-vectors';
import pg from 'pg';
import { loadConfig } from '../packages/server/src/config.js';
import { type CpuShare, cpuMeter } from './lib/cpu-share.js';
import { makeCredentials } from './lib/credential-maker.js';
import { type Answer, closedLoop, type Judge, percentile, postRequest, RequestFeed } from './lib/loopback-load.js';
import { httpSchedule, RecyclingPool, type Segment } from './lib/overload-http.js';
import { Ledger, OK, SHED_PREFIX, sortedP } from './lib/overload-ledger.js';
import { HealthProbe, rssMB, ServerSampler } from './lib/overload-probes.js';
import { OverloadFleet } from './lib/overload-realtime.js';
import { BASELINE, CAPACITY, int, ms, OVERLOAD, type Overload, profileReport, RECOVERY, report, WARMUP } from './lib/overload-report.js';
import { adminAndProject, authenticatedProject, BENCH_RATE_LIMIT, parleyServerEnv } from './lib/parley-api.js';
import { forkServer, type ServerProcess } from './lib/server-process.js';
import { type MainThreadTime, mainThreadMeter } from './lib/thread-wait.js';

const { values: flags } = parseArgs({
  options: {
    only: { type: 'string' },
    store: { type: 'string', default: 'sqlite' },
    'cpu-prof': { type: 'string' },
  },
});
const number = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: a positive number`);
  return value;
};
const OVERLOAD_MS = number('OVERLOAD_SECONDS', 30) * 1000;
const FACTOR = number('OVERLOAD_FACTOR', 3);
const RECOVERY_MS = number('OVERLOAD_RECOVERY_SECONDS', 5) * 1000;
if (OVERLOAD_MS > 120_000 || RECOVERY_MS > 60_000 || FACTOR > 20) throw new Error('at most 120 s of overload, 60 s of recovery, factor 20');
const PHASES = flags.only === undefined ? ['activation', 'messaging'] : [flags.only];
if (!PHASES.every((phase) => phase === 'activation' || phase === 'messaging')) throw new Error('--only: activation or messaging');
if (flags.store !== 'sqlite' && flags.store !== 'postgres') throw new Error('--store: sqlite or postgres');
const STORE = flags.store;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CPU_PROFILE_DIR = flags['cpu-prof'] ? resolve(flags['cpu-prof']) : null;

const WARMUP_MS = 1500;
const CAPACITY_MS = 4000;
const BASELINE_MS = 3000;
const TIMEOUT_MS = 10_000;
const MAX_CONNECTIONS = 1024;
/** The server's bounds, as it reads them from the same environment. */
const SERVER_CONFIG = loadConfig(process.env);
/** Clients of the closed loop: 32, or the server's bound on activations in progress when lower (more would be refused). */
const ACTIVATION_CLIENTS = Math.min(32, SERVER_CONFIG.maxActivationsInProgress);
const VISITORS = 400;
/**
 * Messages in flight while the capacity is measured: under PostgreSQL's bound on queries waiting for a connection
 * (200) and the server's bound on frames in flight (more would be refused).
 */
const CAPACITY_IN_FLIGHT = Math.min(128, SERVER_CONFIG.realtime.maxFramesInFlight);
const AGENTS = 2;
/** Messages per second per visitor socket at most during the overload: the server allows 30 (burst 300). */
const PER_SOCKET_RATE = 20;
const MAX_VISITORS = 5000;
const TOKEN_LIFETIME_SECONDS = 600;
const MUTATION =
  'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid expiresAt } }';
const SESSION_MUTATION =
  'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }';

const profileClockUs = () => Number(process.hrtime.bigint() / 1000n);

// --- the server ------------------------------------------------------------------------------------

interface Throwaway {
  url: string;
  drop(): Promise<void>;
}

async function throwawayDatabase(): Promise<Throwaway> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const name = `bench_overload_${randomBytes(6).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Runs `body` against a fresh server (its own data dir or database), then stops it and cleans up. */
async function withServer<T>(phase: string, body: (server: ServerProcess) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-overload-'));
  const database = STORE === 'postgres' ? await throwawayDatabase() : null;
  const passed = [
    'PARLEY_MAX_PENDING_VERIFICATIONS',
    'PARLEY_MAX_ACTIVATIONS_IN_PROGRESS',
    'PARLEY_SHED_EVENT_LOOP_DELAY_MS',
    'PARLEY_WS_MAX_FRAMES_IN_FLIGHT',
    'PARLEY_WS_MAX_FRAME_WAIT_MS',
  ].filter((name) => process.env[name] !== undefined);
  try {
    const server = await forkServer({
      label: phase,
      module: new URL('./lib/serve-server.ts', import.meta.url).pathname,
      env: parleyServerEnv(dataDir, {
        ...(database ? { DATABASE_URL: database.url } : {}),
        ...Object.fromEntries(passed.map((name) => [name, process.env[name]])),
      }),
      cpuProfileDir: CPU_PROFILE_DIR && join(CPU_PROFILE_DIR, phase),
    });
    try {
      return await body(server);
    } finally {
      await server.stop();
    }
  } finally {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// --- one overload, whatever the work ---------------------------------------------------------------

/**
 * Runs the baseline, then the overload followed at once by the recovery (`run` drives one schedule
 * of segments), with the server sampled and /healthz probed throughout.
 */
async function overloadAndRecover(
  server: ServerProcess,
  ledger: Ledger,
  outstanding: () => number,
  capacity: number,
  run: (segments: Segment[]) => Promise<void>,
): Promise<Omit<Overload, 'phase' | 'unit' | 'closes'>> {
  const half = capacity / 2;
  const segmentAt = () => ledger.segmentAt();
  const health = new HealthProbe(server.port, segmentAt);
  const sampler = new ServerSampler(server, ledger, segmentAt, outstanding);
  health.start();
  sampler.start();
  await run([{ segment: BASELINE, rate: half, ms: BASELINE_MS }]);
  const baselineP99 = sortedP(ledger.kindsOf(BASELINE).find((kind) => kind.kind === OK)?.latencies ?? new Float64Array(), 0.99);
  const rssStart = rssMB(server.pid);
  const meter = cpuMeter(server.pid);
  const main = mainThreadMeter(server.pid);
  const fromUs = profileClockUs();
  // Taken when the overload ends, while the recovery runs on.
  const atEnd: { cpu?: CpuShare; main?: MainThreadTime | null; toUs?: number } = {};
  const overloadEnd = setTimeout(() => {
    atEnd.cpu = meter.stop();
    atEnd.main = main.stop();
    atEnd.toUs = profileClockUs();
  }, OVERLOAD_MS);
  await run([
    { segment: OVERLOAD, rate: FACTOR * capacity, ms: OVERLOAD_MS },
    { segment: RECOVERY, rate: half, ms: RECOVERY_MS },
  ]);
  clearTimeout(overloadEnd);
  await sampler.stop();
  await health.stop();
  return {
    capacity,
    baselineP99,
    ledger,
    health: health.ledger,
    samples: sampler.samples,
    rssStart,
    cpu: atEnd.cpu ?? meter.stop(),
    mainOnCpu: atEnd.main?.onCpu ?? null,
    mainWaiting: atEnd.main?.waitingForCore ?? null,
    profileRange: { fromUs, toUs: atEnd.toUs ?? profileClockUs() },
  };
}

// --- activations -----------------------------------------------------------------------------------

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { name?: string } }[];
}

/** ok; shed (503 SERVICE_UNAVAILABLE with Retry-After, any 429 with Retry-After); otherwise the error's name. */
function classifyActivation(answer: Answer): string {
  let body: GraphQLBody | null = null;
  try {
    body = JSON.parse(answer.body) as GraphQLBody;
  } catch {}
  const name = body?.errors?.[0]?.extensions?.name ?? body?.errors?.[0]?.message ?? null;
  if (answer.status === 503 && name === 'SERVICE_UNAVAILABLE') {
    // Which bound refused: the verifier's queue (OverloadedError) or the database's (StoreUnavailableError).
    const message = body?.errors?.[0]?.message ?? '';
    const cause = /verification/.test(message) ? ' (verifier queue)' : /database/.test(message) ? ' (database)' : '';
    return answer.retryAfter === null
      ? `503 SERVICE_UNAVAILABLE${cause} without Retry-After`
      : `${SHED_PREFIX}503 SERVICE_UNAVAILABLE${cause}`;
  }
  if (answer.status === 429) return answer.retryAfter === null ? `429 without Retry-After` : `${SHED_PREFIX}429 ${name ?? ''}`.trim();
  if (name !== null) return `error: HTTP ${answer.status} ${name}`;
  if (answer.status !== 200 || body === null) return `error: HTTP ${answer.status}`;
  const result = body.data?.visitorAuthenticateFromCredentials as { vuid?: unknown } | undefined;
  return typeof result?.vuid === 'string' ? OK : 'error: answer without vuid';
}

const judgeActivation: Judge = (answer) => {
  const kind = classifyActivation(answer);
  return kind === OK ? null : kind;
};

async function activationOverload(): Promise<Overload> {
  return withServer('activation', async (server) => {
    const brandPrivateKeyPem = readFileSync(keyPath('brand', 'private'), 'utf8');
    const project = await authenticatedProject(
      server.url,
      'Overload bench',
      readFileSync(keyPath('brand', 'public'), 'utf8'),
      TOKEN_LIFETIME_SECONDS,
    );
    const userPrefix = `overload-${randomBytes(4).toString('hex')}-`;
    let made = 0;
    let makingMs = 0;
    const prepare = async (count: number): Promise<Buffer[]> => {
      const started = performance.now();
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
      makingMs += performance.now() - started;
      const request = (c: string) =>
        postRequest(server.port, '/graphql', JSON.stringify({ query: MUTATION, variables: { p: project.projectId, c } }));
      return credentials.map(request);
    };

    const warm = await closedLoop(server.port, new RequestFeed(await prepare(1500)), ACTIVATION_CLIENTS, WARMUP_MS, judgeActivation);
    const warmRate = (warm.ok * 1000) / warm.elapsedMs;
    const full = await closedLoop(
      server.port,
      new RequestFeed(await prepare(Math.ceil(warmRate * 1.5 * (CAPACITY_MS / 1000)) + 500)),
      ACTIVATION_CLIENTS,
      CAPACITY_MS,
      judgeActivation,
    );
    const capacity = (full.ok * 1000) / full.elapsedMs;
    console.log(
      `activation: capacity ${int(capacity)}/s (closed loop, ${ACTIVATION_CLIENTS} clients, ${CAPACITY_MS / 1000} s: p50 ${ms(percentile(full.latencies, 0.5))}, p99 ${ms(percentile(full.latencies, 0.99))}, ${int(full.failed)} failed)`,
    );
    // Refused credentials come back to the pool: enough for what the node can admit (up to twice the capacity measured
    // with few clients: more connections make bigger batches for the verifier), plus what may be in flight.
    const needed = Math.ceil(
      capacity * (0.5 * (BASELINE_MS / 1000) + 2 * (OVERLOAD_MS / 1000) + 0.5 * (RECOVERY_MS / 1000)) + 2 * MAX_CONNECTIONS,
    );
    const pool = new RecyclingPool(await prepare(needed));
    console.log(`activation: ${int(made)} fresh single-use credentials made in ${(makingMs / 1000).toFixed(1)} s, before the timed parts`);

    const ledger = new Ledger();
    const result = await overloadAndRecover(
      server,
      ledger,
      () => ledger.size - ledger.answered,
      capacity,
      (segments) =>
        httpSchedule({
          port: server.port,
          ledger,
          pool,
          segments,
          classify: classifyActivation,
          reusable: (kind) => kind.startsWith(SHED_PREFIX),
          maxConnections: MAX_CONNECTIONS,
          timeoutMs: TIMEOUT_MS,
        }),
    );
    console.log(
      `activation: ${int(pool.freshUsed)} of the ${int(needed)} prepared credentials used; refused ones were sent again${pool.freshUsed === needed ? ' — RAN OUT: the figures after that are not an overload' : ''}`,
    );
    return { phase: 'activation', unit: 'activations', closes: new Map(), ...result };
  });
}

// --- messages --------------------------------------------------------------------------------------

async function anonymousSessions(server: ServerProcess, projectId: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const judge: Judge = (answer) => {
    const body = JSON.parse(answer.body) as {
      data?: { visitorAuthenticateAnonymously?: { visitorSessionToken?: { accessToken?: string } } };
    };
    const token = body.data?.visitorAuthenticateAnonymously?.visitorSessionToken?.accessToken;
    if (typeof token !== 'string') return `HTTP ${answer.status}`;
    tokens.push(token);
    return null;
  };
  const request = postRequest(server.port, '/graphql', JSON.stringify({ query: SESSION_MUTATION, variables: { p: projectId } }));
  const result = await closedLoop(server.port, new RequestFeed(new Array(count).fill(request)), ACTIVATION_CLIENTS, 120_000, judge);
  if (result.failed > 0) throw new Error(`sessions: ${result.failed} failed (${[...result.failures.keys()].join(', ')})`);
  return tokens;
}

async function messagingOverload(): Promise<Overload> {
  return withServer('messaging', async (server) => {
    const { operatorToken, projectId } = await adminAndProject(server.url, 'Overload bench');
    const ledger = new Ledger();
    const fleet = new OverloadFleet(server.url, ledger);
    await fleet.addAgents(new Array(AGENTS).fill(operatorToken));
    await fleet.addVisitors(await anonymousSessions(server, projectId, VISITORS));
    // The first message of each visitor opens its conversation: in the warm-up, not in the capacity.
    await fleet.closed(WARMUP, WARMUP_MS);
    const capacity = await fleet.closed(CAPACITY, CAPACITY_MS, CAPACITY_IN_FLIGHT);
    const capacityKinds = ledger.kindsOf(CAPACITY);
    const latencies = capacityKinds.find((kind) => kind.kind === OK)?.latencies ?? new Float64Array();
    const failed = capacityKinds.filter((kind) => kind.kind !== OK);
    if (failed.length > 0)
      console.log(`messaging: during the capacity measurement: ${failed.map((kind) => `${kind.kind} ×${int(kind.count)}`).join(', ')}`);
    console.log(
      `messaging: capacity ${int(capacity)} msg/s acknowledged (closed loop, ${CAPACITY_IN_FLIGHT} visitor sockets with one message each in flight, ${AGENTS} agents receiving every message, ${CAPACITY_MS / 1000} s: p50 ${ms(sortedP(latencies, 0.5))}, p99 ${ms(sortedP(latencies, 0.99))})`,
    );
    const needed = Math.min(MAX_VISITORS, Math.ceil((FACTOR * capacity) / PER_SOCKET_RATE));
    if (needed > fleet.visitors.length) {
      const before = fleet.visitors.length;
      await fleet.addVisitors(await anonymousSessions(server, projectId, needed - before));
      await fleet.closed(WARMUP, 1000);
      console.log(`messaging: ${int(fleet.visitors.length - before)} more visitor sockets, to stay under ${PER_SOCKET_RATE} msg/s each`);
    }
    const perSocket = (FACTOR * capacity) / fleet.visitors.length;
    console.log(
      `messaging: overload over ${int(fleet.visitors.length)} visitor sockets: ${perSocket.toFixed(1)} msg/s each (the server allows 30/s, burst 300)`,
    );
    const result = await overloadAndRecover(
      server,
      ledger,
      () => fleet.outstanding,
      capacity,
      (segments) => fleet.schedule(segments, 15_000),
    );
    if (fleet.strayErrors.size > 0)
      console.log(`messaging: error frames naming no message: ${[...fleet.strayErrors].map(([code, n]) => `${code} ×${n}`).join(', ')}`);
    fleet.closeAll();
    return { phase: 'messaging', unit: 'messages', closes: fleet.closes, ...result };
  });
}

// --- the run ---------------------------------------------------------------------------------------

const runStarted = performance.now();
if (CPU_PROFILE_DIR) mkdirSync(CPU_PROFILE_DIR, { recursive: true });
console.log(
  `overload bench: ${availableParallelism()} cores shared by the server, the load generator and whatever else runs; loopback; ${STORE}; ${FACTOR} × capacity for ${OVERLOAD_MS / 1000} s, then half the capacity for ${RECOVERY_MS / 1000} s; PARLEY_AUTH_RATE_LIMIT=${BENCH_RATE_LIMIT}/min and per-IP caps raised (one client address)`,
);
if (process.env.BENCH_SHED_LOOP_DELAY_MS)
  console.log(
    `experiment: BENCH_SHED_LOOP_DELAY_MS=${process.env.BENCH_SHED_LOOP_DELAY_MS}: HTTP requests refused with 503 at the front door while the server's event loop lags more than that`,
  );
const results: Overload[] = [];
for (const phase of PHASES) {
  const result = phase === 'activation' ? await activationOverload() : await messagingOverload();
  results.push(result);
}
const verdicts = results.map((result) => {
  const verdict = report(result, { overloadMs: OVERLOAD_MS, recoveryMs: RECOVERY_MS, factor: FACTOR });
  if (CPU_PROFILE_DIR) profileReport(result, join(CPU_PROFILE_DIR, result.phase));
  return verdict;
});
const neighbours = Math.max(0, ...results.map((result) => result.cpu.other ?? 0));
if (neighbours > 0.25)
  console.log(
    `note: other processes kept ${Math.round(neighbours * 100)}% of a core busy during an overload: capacities are lower than on a quiet machine`,
  );
console.log(`run time: ${((performance.now() - runStarted) / 1000).toFixed(0)} s`);
if (verdicts.some((verdict) => !verdict.shed || !verdict.p99 || !verdict.memory || !verdict.recovered)) process.exitCode = 1;
