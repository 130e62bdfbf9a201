/**
 * npm run bench:messaging [-- --seconds 1.5] [--fixed-seconds 2] [--visitors 1000] [--agents 4] [--rate 2000] [--idle 5000]
 *   [--server both|parley|bare] [--store sqlite|postgres|both] [--frames-in-flight node|N] [--cpu-prof DIR]
 *
 * Visitor → agent messages over `/realtime`, on loopback, against two servers each in a process of
 * its own: Parley as `parley serve` runs it (SQLite, the default deployment; authentication and
 * persistence on: each visitor authenticates with an anonymous session token, each message is
 * committed before its ack) and a bare `ws` relay (bench/lib/bare-relay-server.ts: no
 * authentication, no storage). The same clients and the same measurement for both: raw `ws`
 * sockets in this process, N visitors sending pre-serialized `send` frames round-robin at a fixed
 * (open-loop) rate, A agent sockets (Parley: the admin's operator bearer, which sees every project)
 * receiving each message; latency runs from the visitor's send to an agent socket's receipt of the
 * `message` frame, one sample per agent.
 *
 * Per server: the highest sustained rate with p99 < 100 ms — steps of --seconds at an open-loop
 * rate, doubled until a step fails, then narrowed (the next rate from the failed step's delivered
 * throughput, else the geometric middle) to within 10 %, in at most 7 steps or 6 steps' time (a step
 * stops early once over 1 % of its deliveries are late); then p50/p99 at --rate msg/s for
 * --fixed-seconds over the N visitors; then the server's heap growth per idle visitor socket with
 * --idle of them open (process.memoryUsage() after a full collection, over IPC). Anonymous
 * sessions are made over HTTP before the timed parts (PARLEY_AUTH_RATE_LIMIT raised for the run).
 * Parley runs on each --store (default both: SQLite, then PostgreSQL at BENCH_DATABASE_URL, else
 * PARLEY_TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test, in a schema of its own).
 * Goals: ratio (Parley on SQLite ÷ bare) ≥ 0.5, p99 ≤ 25 ms at 2,000 msg/s, ≤ 20 KB of heap per idle socket.
 * The last line is `ratio: X.XX`. Parley allows each socket 30 frames/s (burst 300): above 30 ×
 * --visitors msg/s its steps would fail with RATE_LIMITED error frames (more visitors lift that).
 * The node keeps its bound on realtime frames in flight (PARLEY_WS_MAX_FRAMES_IN_FLIGHT, 32 × cores,
 * elastic while the oldest frame in flight is younger than PARLEY_WS_MAX_FRAME_WAIT_MS) unless
 * --frames-in-flight N sets another. Sends refused in a step that did not hold are the overload guard
 * at work and are reported, not flagged; an error frame anywhere else is a problem, and so is an
 * acknowledged message that is not stored.
 *
 * Each reported phase also prints where the cores went (/proc, Linux), how busy the server's event
 * loop was and whether its main thread computed, waited for a core or blocked in system calls; the
 * summary gives the server's main-thread CPU per message, which moves less with busy neighbours than
 * the rates do, and its ratio to the relay's (bare ÷ parley). --cpu-prof DIR writes V8 CPU profiles of the server processes (DIR/parley-sqlite, DIR/parley-postgres, DIR/bare)
 * and DIR/phases.json, when each phase ran in the profiles' clock.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../packages/server/src/config.js';
import { type BatchCounters, batchLine, readBatchCounters } from './lib/batch-metrics.js';
import { type CpuShare, cpuMeter, formatCpuShare } from './lib/cpu-share.js';
import { closedLoop, type Judge, postRequest, RequestFeed } from './lib/loopback-load.js';
import { adminAndProject, BENCH_RATE_LIMIT, graphql, parleyServerEnv } from './lib/parley-api.js';
import { PhaseTimes } from './lib/phase-times.js';
import { LATE_MS, type PhaseResult, RealtimeFleet, sleep, sortedPercentile } from './lib/realtime-load.js';
import { forkServer, type ServerProcess } from './lib/server-process.js';
import { type MainThreadTime, mainThreadMeter } from './lib/thread-wait.js';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '1.5' },
    'fixed-seconds': { type: 'string', default: '2' },
    visitors: { type: 'string', default: '1000' },
    agents: { type: 'string', default: '4' },
    rate: { type: 'string', default: '2000' },
    idle: { type: 'string', default: '5000' },
    server: { type: 'string', default: 'both' },
    store: { type: 'string', default: 'both' },
    'frames-in-flight': { type: 'string', default: 'node' },
    'cpu-prof': { type: 'string' },
  },
});
const STEP_MS = Number(flags.seconds) * 1000;
const FIXED_MS = Number(flags['fixed-seconds']) * 1000;
const VISITORS = Number(flags.visitors);
const AGENTS = Number(flags.agents);
const FIXED_RATE = Number(flags.rate);
const IDLE = Number(flags.idle);
const SERVERS =
  flags.server === 'both' ? (['parley', 'bare'] as const) : flags.server === 'parley' || flags.server === 'bare' ? [flags.server] : [];
if (SERVERS.length === 0) throw new Error('--server: both, parley or bare');
type Dialect = 'sqlite' | 'postgres';
const STORES: Dialect[] =
  flags.store === 'both' ? ['sqlite', 'postgres'] : flags.store === 'sqlite' || flags.store === 'postgres' ? [flags.store] : [];
if (STORES.length === 0) throw new Error('--store: sqlite, postgres or both');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
if (!(STEP_MS >= 500 && STEP_MS <= 30_000) || !(FIXED_MS >= 500 && FIXED_MS <= 60_000))
  throw new Error('--seconds, --fixed-seconds: 0.5 to 30');
if (!(VISITORS >= 1 && VISITORS <= 10_000) || !(AGENTS >= 1 && AGENTS <= 64) || !(IDLE >= 100 && IDLE <= 15_000))
  throw new Error('--visitors: 1 to 10,000; --agents: 1 to 64; --idle: 100 to 15,000');
if (!(FIXED_RATE >= 1 && FIXED_RATE <= 1_000_000)) throw new Error('--rate: 1 to 1,000,000 msg/s');
const CPU_PROFILE_DIR = flags['cpu-prof'] ? resolve(flags['cpu-prof']) : null;
const FRAMES_IN_FLIGHT = flags['frames-in-flight'] === 'node' ? null : Number(flags['frames-in-flight']);
if (FRAMES_IN_FLIGHT !== null && !(Number.isInteger(FRAMES_IN_FLIGHT) && FRAMES_IN_FLIGHT >= 1))
  throw new Error('--frames-in-flight: node (the node keeps its own bound), or a positive integer');

// More sessions in flight than the node's activation bound would be refused SERVICE_UNAVAILABLE (a setup
// of 5,000 on PostgreSQL was): at most that bound, read as the server reads it.
const SESSION_CLIENTS = Math.min(32, loadConfig(parleyServerEnv(tmpdir())).maxActivationsInProgress);
/** Search: the first rate of each server, the resolution, and at most this many steps. */
const START_RATE = { parley: 1000, bare: 8000 } as const;
const RESOLUTION = 1.1;
const MAX_STEPS = 7;
/** No new step once the search has run this long (× the step length): the run stays within ~45 s with busy neighbours. */
const SEARCH_BUDGET_STEPS = 6;
const WARMUP_MS = 600;
const GOALS = { ratio: 0.5, fixedP99: 25, heapPerSocketKB: 20 };
const SESSION_MUTATION =
  'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { visitorSessionToken { accessToken } } }';

type ServerName = 'parley' | 'bare';
const runStarted = performance.now();
const phases = new PhaseTimes();
const timed = <T>(server: ServerName, phase: string, run: () => Promise<T>): Promise<T> => phases.timed(server, phase, run);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const int = (value: number) => Math.round(value).toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

// --- Parley: the server process and the setup through the API ----------------------------------

/** Messages the project's conversations hold: the sum of their lastSeq (each message takes the next one). */
async function storedMessages(url: string, operatorToken: string, projectId: string): Promise<number> {
  const query =
    'query($p: ID!, $after: String) { project(id: $p) { conversations(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { lastSeq } } } } }';
  type Page = {
    project: { conversations: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { lastSeq: number } }[] } };
  };
  let total = 0;
  let after: string | null = null;
  for (;;) {
    const page: Page = await graphql<Page>(url, operatorToken, query, { p: projectId, after });
    const { edges, pageInfo } = page.project.conversations;
    for (const edge of edges) total += edge.node.lastSeq;
    if (!pageInfo.hasNextPage) return total;
    after = pageInfo.endCursor;
  }
}

/** `count` anonymous visitor sessions through GraphQL, on keep-alive connections in parallel; their tokens. */
async function anonymousSessions(server: ServerProcess, projectId: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  const judge: Judge = (answer) => {
    try {
      const body = JSON.parse(answer.body) as {
        data?: { visitorAuthenticateAnonymously?: { visitorSessionToken?: { accessToken?: string } } };
        errors?: { extensions?: { name?: string }; message?: string }[];
      };
      const token = body.data?.visitorAuthenticateAnonymously?.visitorSessionToken?.accessToken;
      if (typeof token === 'string') {
        tokens.push(token);
        return null;
      }
      return body.errors?.[0]?.extensions?.name ?? body.errors?.[0]?.message ?? `HTTP ${answer.status}`;
    } catch {
      return `HTTP ${answer.status}, not JSON`;
    }
  };
  const request = postRequest(server.port, '/graphql', JSON.stringify({ query: SESSION_MUTATION, variables: { p: projectId } }));
  const started = performance.now();
  const result = await timed('parley', 'sessions', () =>
    closedLoop(server.port, new RequestFeed(new Array(count).fill(request)), SESSION_CLIENTS, 600_000, judge),
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.failed > 0)
    throw new Error(`sessions: ${result.failed} failed (${[...result.failures].map(([n, c]) => `${n} ×${c}`).join(', ')})`);
  console.log(
    `parley: ${int(tokens.length)} anonymous visitor sessions in ${seconds.toFixed(1)} s (${int(tokens.length / seconds)}/s over ${SESSION_CLIENTS} keep-alive connections), before the timed parts`,
  );
  return tokens;
}

// --- one server ---------------------------------------------------------------------------------

interface Measured {
  result: PhaseResult;
  cpu: CpuShare;
  /** The server's event loop busy share. */
  loop: number;
  main: MainThreadTime | null;
  /** Parley: its group-commit batches during the phase. */
  batches: string | null;
}

interface ServerFigures {
  name: ServerName;
  /** What the summary calls it: the relay, or Parley on one store. */
  label: string;
  best: Measured | null;
  /** The lowest rate that failed, if any. */
  ceiling: number | null;
  fixed: Measured;
  heapPerSocket: number;
  rssPerSocket: number;
  externalPerSocket: number;
  problems: string[];
}

/** Parley's metrics token: its batch counters are read around each phase. */
const METRICS_TOKEN = randomBytes(16).toString('hex');

async function measure(name: ServerName, phase: string, server: ServerProcess, run: () => Promise<PhaseResult>): Promise<Measured> {
  const counters = () => (name === 'parley' ? readBatchCounters(server.url, METRICS_TOKEN) : Promise.resolve(null));
  const batchesBefore: BatchCounters | null = await counters();
  const loopStart = await server.eventLoop();
  const meter = cpuMeter(server.pid);
  const mainMeter = mainThreadMeter(server.pid);
  const result = await timed(name, phase, run);
  const cpu = meter.stop();
  const main = mainMeter.stop();
  const loopEnd = await server.eventLoop();
  const batchesAfter = await counters();
  const batches = batchesBefore && batchesAfter ? batchLine(batchesBefore, batchesAfter) : null;
  const active = loopEnd.active - loopStart.active;
  return { result, cpu, loop: active / (active + loopEnd.idle - loopStart.idle), main, batches };
}

/** How busy the server's event loop was, and what its main thread did meanwhile (the rest of a busy loop is blocking system calls). */
function loopLine(measured: Measured): string {
  const busy = `server event loop busy ${Math.round(measured.loop * 100)}%`;
  const main = measured.main;
  if (!main) return busy;
  const blocked = Math.max(0, measured.loop - main.onCpu - main.waitingForCore);
  return `${busy}: main thread on a core ${Math.round(main.onCpu * 100)}%, waiting for a core ${Math.round(main.waitingForCore * 100)}%, blocked in system calls ~${Math.round(blocked * 100)}%`;
}

/** Why a step does not count as sustained, or null. */
function verdict(result: PhaseResult): string | null {
  if (result.aborted) return `p99 ≥ ${LATE_MS} ms (stopped after ${(result.sendMs / 1000).toFixed(1)} s: over 1 % of the deliveries late)`;
  if (result.errors > 0) return `${result.errors} error frames`;
  if (result.delivered < result.expected) return `${int(result.expected - result.delivered)} of ${int(result.expected)} deliveries missing`;
  const p99 = sortedPercentile(result.latencies, 0.99);
  return p99 < LATE_MS ? null : `p99 ${ms(p99)}`;
}

const latencyLine = (result: PhaseResult) =>
  `p50 ${ms(sortedPercentile(result.latencies, 0.5))}  p99 ${ms(sortedPercentile(result.latencies, 0.99))}  max ${ms(sortedPercentile(result.latencies, 1))}`;

/**
 * The next rate to try, given the highest that held (`low`, 0 if none yet) and the lowest that did
 * not (`ceiling`). Doubling until a step fails; then a failed step's delivered throughput (about the
 * capacity) proposes a rate a little under it: taken when it falls inside the bracket, replaced by
 * the smallest step up from `low` when under it, by the geometric middle when over it or after a
 * step that held.
 */
function nextRate(low: number, ceiling: number | null, failedThroughput: number | null): number {
  if (ceiling === null) return low * 2;
  const middle = low > 0 ? Math.sqrt(low * ceiling) : ceiling / 2;
  if (failedThroughput === null) return middle;
  const proposed = failedThroughput * 0.9;
  if (low === 0) return Math.min(middle, Math.max(proposed, ceiling / 8));
  if (proposed < low * RESOLUTION) return low * RESOLUTION;
  return proposed > ceiling / RESOLUTION ? middle : proposed;
}

async function findSustainedRate(name: ServerName, server: ServerProcess, fleet: RealtimeFleet) {
  let best: Measured | null = null;
  let ceiling: number | null = null;
  /** Error frames of the steps that did not hold: past capacity the node's overload guard refuses sends (RATE_LIMITED). */
  let refusedPastCapacity = 0;
  let rate: number = START_RATE[name];
  const until = performance.now() + SEARCH_BUDGET_STEPS * STEP_MS;
  for (let step = 1; step <= MAX_STEPS && performance.now() < until; step++) {
    const measured = await measure(name, `step ${step}: ${rate} msg/s`, server, () =>
      fleet.phase({ rate, ms: STEP_MS, abortWhenLate: true, drainMs: 5000 }),
    );
    const { result } = measured;
    const failure = verdict(result);
    console.log(
      `${name}: step ${step}: ${int(rate)} msg/s → ${failure === null ? 'sustained' : `no: ${failure}`}; ${latencyLine(result)}; delivered ${int(result.throughput)} msg/s; server main thread ${Math.round((measured.cpu.serverMain ?? 0) * 100)}%, load generator ${Math.round(measured.cpu.bench * 100)}%`,
    );
    if (failure === null) best = measured;
    else {
      ceiling = rate;
      refusedPastCapacity += result.errors;
    }
    const low = best?.result.rate ?? 0;
    if (ceiling !== null && low > 0 && ceiling / low <= RESOLUTION) break;
    rate = nextRate(low, ceiling, failure === null ? null : result.throughput);
    rate = Math.max(1, Math.round(rate / 10) * 10);
    await sleep(200);
  }
  return { best, ceiling, refusedPastCapacity };
}

interface ServerSetup {
  agentToken: string;
  visitorTokens: string[];
  /** Parley: the stored messages, to check against the acknowledgements at the end. */
  stored?: () => Promise<number>;
  /** Parley: the store it runs on. */
  dialect?: Dialect;
}

async function runServer(name: ServerName, server: ServerProcess, setup: ServerSetup): Promise<ServerFigures> {
  const fleet = new RealtimeFleet(RealtimeFleet.realtimeUrl(server.url), name === 'parley');
  const problems: string[] = [];
  await fleet.addAgents(new Array(AGENTS).fill(setup.agentToken));
  await fleet.addVisitors(setup.visitorTokens.slice(0, VISITORS));
  await fleet.greet();
  await fleet.phase({ rate: START_RATE[name] / 2, ms: WARMUP_MS, abortWhenLate: false, drainMs: 5000 });
  console.log(`${name}: ${int(VISITORS)} visitor and ${AGENTS} agent sockets open, each visitor's conversation started, warmed up`);

  const { best, ceiling, refusedPastCapacity } = await findSustainedRate(name, server, fleet);
  if (best)
    console.log(
      `${name}:   at ${int(best.result.rate)} msg/s: ${formatCpuShare(best.cpu, best.result.rate, 'message')}; ${loopLine(best)}${best.batches ? `; ${best.batches}` : ''}`,
    );

  await sleep(200);
  const fixed = await measure(name, `fixed: ${FIXED_RATE} msg/s`, server, () =>
    fleet.phase({ rate: FIXED_RATE, ms: FIXED_MS, abortWhenLate: false, drainMs: 10_000 }),
  );
  const fixedFailure = verdict(fixed.result);
  console.log(
    `${name}: at ${int(FIXED_RATE)} msg/s over ${int(VISITORS)} visitors + ${AGENTS} agents (${FIXED_MS / 1000} s, ${int(fixed.result.delivered)} deliveries): ${latencyLine(fixed.result)}${fixedFailure ? ` — ${fixedFailure}` : ''}`,
  );
  console.log(
    `${name}:   ${formatCpuShare(fixed.cpu, FIXED_RATE, 'message')}; ${loopLine(fixed)}${fixed.batches ? `; ${fixed.batches}` : ''}`,
  );
  if (fixed.result.errors > 0 || fixed.result.delivered < fixed.result.expected) problems.push(`at ${FIXED_RATE} msg/s: ${fixedFailure}`);

  // Idle sockets: the measured visitors closed first, then IDLE fresh ones (authenticated, `ready` received).
  await fleet.close(fleet.visitors);
  await sleep(300);
  const before = await server.memory();
  const started = performance.now();
  const idleTokens = Array.from({ length: IDLE }, (_, i) => setup.visitorTokens[i % setup.visitorTokens.length] as string);
  const idle = await timed(name, 'idle sockets opened', () => fleet.addVisitors(idleTokens, false));
  const openSeconds = (performance.now() - started) / 1000;
  await sleep(300);
  const after = await server.memory();
  const heapPerSocket = (after.heapUsed - before.heapUsed) / idle.length;
  const rssPerSocket = (after.rss - before.rss) / idle.length;
  const externalPerSocket = (after.external - before.external) / idle.length;
  console.log(
    `${name}: ${int(idle.length)} idle visitor sockets (opened and authenticated in ${openSeconds.toFixed(1)} s): heap ${kb(heapPerSocket)} per socket (${(before.heapUsed / 2 ** 20).toFixed(1)} → ${(after.heapUsed / 2 ** 20).toFixed(1)} MB), RSS ${kb(rssPerSocket)}, external ${kb(externalPerSocket)}`,
  );

  if (setup.stored) {
    const stored = await setup.stored();
    console.log(
      `${name}: ${int(fleet.sent)} messages sent, ${int(fleet.acks)} acknowledged, ${int(stored)} stored (sum of the conversations' lastSeq)`,
    );
    if (stored !== fleet.acks) problems.push('acknowledged and stored messages differ');
    // Every send is either acknowledged or refused with an error frame (which this bench does not resend).
    if (fleet.sent !== fleet.acks + fleet.errors) problems.push('sends neither acknowledged nor refused');
  }
  const strays = fleet.strays;
  if (refusedPastCapacity > 0)
    console.log(`${name}: ${int(refusedPastCapacity)} sends refused in the steps that did not hold (the overload guard past capacity)`);
  const unexpectedErrors = fleet.errors - refusedPastCapacity;
  if (unexpectedErrors > 0)
    problems.push(`${unexpectedErrors} error frames where the node kept up (first in the run: ${fleet.firstError})`);
  if (fleet.lost > 0) problems.push(`${fleet.lost} sockets closed by the server (first: ${fleet.firstLost})`);
  if (strays.unknown > 0) problems.push(`${strays.unknown} deliveries of messages never sent`);
  if (strays.stragglers > 0) console.log(`${name}: ${int(strays.stragglers)} deliveries arrived after their step's drain`);
  fleet.terminate(idle);
  fleet.closeAll();
  const label = name === 'bare' ? 'bare' : `parley ${setup.dialect ?? 'sqlite'}`;
  return { name, label, best, ceiling, fixed, heapPerSocket, rssPerSocket, externalPerSocket, problems };
}

// --- the run ------------------------------------------------------------------------------------

console.log(
  `messaging bench: ${availableParallelism()} cores shared by the servers and the load generator, loopback; ${int(VISITORS)} visitors, ${AGENTS} agents; search steps of ${STEP_MS / 1000} s (open loop, p99 < ${LATE_MS} ms); ${int(FIXED_RATE)} msg/s for ${FIXED_MS / 1000} s; ${int(IDLE)} idle sockets`,
);
const forkBare = () =>
  forkServer({
    label: 'bare',
    module: new URL('./lib/bare-relay-server.ts', import.meta.url).pathname,
    env: { ...process.env, NODE_ENV: 'production' },
    cpuProfileDir: CPU_PROFILE_DIR && join(CPU_PROFILE_DIR, 'bare'),
  });
// The relay boots while Parley runs; it stays idle until its turn.
const bareStarting = SERVERS.includes('bare') ? forkBare() : null;
const figures: ServerFigures[] = [];
try {
  for (const dialect of SERVERS.includes('parley') ? STORES : []) {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
    const schema = `bench_${randomBytes(6).toString('hex')}`;
    const settings = {
      PARLEY_METRICS_TOKEN: METRICS_TOKEN,
      ...(FRAMES_IN_FLIGHT === null ? {} : { PARLEY_WS_MAX_FRAMES_IN_FLIGHT: String(FRAMES_IN_FLIGHT) }),
    };
    const server = await forkServer({
      label: `parley ${dialect}`,
      module: new URL('./lib/activation-server.ts', import.meta.url).pathname,
      env: parleyServerEnv(dataDir, dialect === 'postgres' ? { DATABASE_URL, BENCH_PG_SCHEMA: schema, ...settings } : settings),
      cpuProfileDir: CPU_PROFILE_DIR && join(CPU_PROFILE_DIR, `parley-${dialect}`),
    });
    try {
      console.log(
        `parley: ${dialect === 'sqlite' ? `SQLite in ${dataDir}` : `PostgreSQL, schema ${schema}`}; PARLEY_AUTH_RATE_LIMIT=${BENCH_RATE_LIMIT} per minute per (IP, project)${FRAMES_IN_FLIGHT === null ? '' : ` and PARLEY_WS_MAX_FRAMES_IN_FLIGHT=${FRAMES_IN_FLIGHT}`}, raised for the run`,
      );
      const { operatorToken, projectId } = await adminAndProject(server.url, 'Messaging bench');
      const visitorTokens = await anonymousSessions(server, projectId, Math.max(VISITORS, IDLE));
      const stored = () => storedMessages(server.url, operatorToken, projectId);
      figures.push(await runServer('parley', server, { agentToken: operatorToken, visitorTokens, stored, dialect }));
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (bareStarting) {
    const server = await bareStarting;
    try {
      const visitors = Array.from({ length: Math.max(VISITORS, IDLE) }, (_, i) => `visitor-${i}`);
      figures.push(await runServer('bare', server, { agentToken: 'prl_op_bare', visitorTokens: visitors }));
    } finally {
      await server.stop();
    }
  }
} catch (error) {
  if (bareStarting) await bareStarting.then((server) => server.stop()).catch(() => {});
  throw error;
}

// --- summary ------------------------------------------------------------------------------------

if (CPU_PROFILE_DIR) {
  const written = phases.write(CPU_PROFILE_DIR);
  console.log(
    `cpu profiles: ${CPU_PROFILE_DIR}/{parley-sqlite,parley-postgres,bare}/*.cpuprofile; phase times (profile clock, µs): ${written}`,
  );
}

const parley = figures.find((figure) => figure.label === 'parley sqlite');
const parleyPostgres = figures.find((figure) => figure.label === 'parley postgres');
const bare = figures.find((figure) => figure.name === 'bare');
console.log('');
for (const figure of figures) {
  const what =
    figure.name === 'parley'
      ? `parley (${figure.label === 'parley sqlite' ? 'SQLite' : 'PostgreSQL'}, authentication + persistence)`
      : 'bare ws relay (no authentication, no storage)';
  const rate = figure.best
    ? `${int(figure.best.result.rate)} msg/s (${latencyLine(figure.best.result)})`
    : `below ${int(START_RATE[figure.name])} msg/s`;
  const above = figure.ceiling !== null ? `; ${int(figure.ceiling)} msg/s did not hold` : '; the search did not find its limit';
  console.log(`${what}: highest sustained rate with p99 < ${LATE_MS} ms: ${rate}${above}`);
}
// CPU per message moves less with the neighbours than the rates do.
const mainThreadPerMessage = (figure: ServerFigures) => {
  const at = figure.best ?? figure.fixed;
  return { rate: at.result.rate, us: at.cpu.serverMain === null ? Number.NaN : (at.cpu.serverMain / at.result.rate) * 1e6 };
};
const costs = figures.map((figure) => {
  const { rate, us } = mainThreadPerMessage(figure);
  return `${figure.label} ${us.toFixed(0)} µs (at ${int(rate)} msg/s)`;
});
console.log(`server main thread CPU per message: ${costs.join(', ')}`);
// The relay's highest rate moves 15,000–64,000 msg/s from run to run (its load generator saturates a core first);
// the ratio of main-thread costs per message is the steadier comparison.
if (bare) {
  const relayUs = mainThreadPerMessage(bare).us;
  const ratios = [parley, parleyPostgres].flatMap((figure) =>
    figure ? [`${figure.label} ${(relayUs / mainThreadPerMessage(figure).us).toFixed(2)}`] : [],
  );
  if (ratios.length > 0) console.log(`main thread per message, bare ÷ parley: ${ratios.join(', ')}`);
}
for (const figure of figures) {
  const p99 = sortedPercentile(figure.fixed.result.latencies, 0.99);
  const goal = figure.name === 'parley' ? ` (goal ≤ ${GOALS.fixedP99} ms: ${mark(p99 <= GOALS.fixedP99)})` : '';
  console.log(
    `${figure.label}: at ${int(FIXED_RATE)} msg/s over ${int(VISITORS)} connections: p50 ${ms(sortedPercentile(figure.fixed.result.latencies, 0.5))}, p99 ${ms(p99)}${goal}`,
  );
}
for (const figure of figures) {
  const goal =
    figure.name === 'parley' ? ` (goal ≤ ${GOALS.heapPerSocketKB} KB: ${mark(figure.heapPerSocket <= GOALS.heapPerSocketKB * 1024)})` : '';
  console.log(`${figure.label}: heap per idle socket with ${int(IDLE)} open: ${kb(figure.heapPerSocket)}${goal}`);
}
for (const figure of figures) for (const problem of figure.problems) console.log(`${figure.label}: PROBLEM: ${problem}`);
const neighbours = Math.max(0, ...figures.flatMap((figure) => [figure.best?.cpu.other ?? 0, figure.fixed.cpu.other ?? 0]));
if (neighbours > 0.25)
  console.log(
    `note: other processes kept up to ${Math.round(neighbours * 100)}% of a core busy during the reported phases; the figures are lower than on a quiet machine`,
  );
console.log(`run time: ${((performance.now() - runStarted) / 1000).toFixed(1)} s`);
if (parleyPostgres && bare) {
  const ratio = (parleyPostgres.best?.result.rate ?? 0) / (bare.best?.result.rate ?? Number.NaN);
  console.log(`ratio (parley on PostgreSQL ÷ bare) ${ratio.toFixed(2)}`);
}
if (parley && bare) {
  const ratio = (parley.best?.result.rate ?? 0) / (bare.best?.result.rate ?? Number.NaN);
  console.log(`ratio (parley ÷ bare) ${ratio.toFixed(2)} (goal ≥ ${GOALS.ratio}: ${mark(ratio >= GOALS.ratio)})`);
  console.log(`ratio: ${ratio.toFixed(2)}`);
}
if (figures.some((figure) => figure.problems.length > 0)) process.exitCode = 1;
