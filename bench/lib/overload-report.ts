/** The report of bench/overload.bench.ts: the answers by kind, the server's samples, a timeline and the verdicts. */
import { summariseMainThread } from './cpu-profile-summary.js';
import { type CpuShare, formatCpuShare } from './cpu-share.js';
import { type KindCount, type Ledger, OK, SHED_PREFIX, sortedP } from './overload-ledger.js';
import type { ServerSample } from './overload-probes.js';

/** The segments of an overload run, in the ledgers. */
export const WARMUP = 0;
export const CAPACITY = 1;
export const BASELINE = 2;
export const OVERLOAD = 3;
export const RECOVERY = 4;
/** The recovery is judged in windows of this length. */
const WINDOW_MS = 500;
export const GOALS = { shedShare: 0.5, shedP99Ms: 100, admittedP99Ms: 500, memoryMB: 200, recoveryFloorMs: 10, recoveryOk: 0.99 };

export const int = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a');
export const ms = (value: number) =>
  Number.isNaN(value) ? 'n/a' : value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** What one phase measured. */
export interface Overload {
  phase: string;
  unit: string;
  capacity: number;
  baselineP99: number;
  ledger: Ledger;
  health: Ledger;
  samples: ServerSample[];
  rssStart: number;
  cpu: CpuShare;
  mainOnCpu: number | null;
  mainWaiting: number | null;
  profileRange: { fromUs: number; toUs: number };
  closes: Map<string, number>;
}

export interface ReportSettings {
  overloadMs: number;
  recoveryMs: number;
  factor: number;
}

export interface Verdicts {
  shed: boolean;
  p99: boolean;
  memory: boolean;
  recovered: boolean;
}

const okOf = (kinds: KindCount[]) => kinds.find((kind) => kind.kind === OK);

/** The first 0.5 s window of the recovery from which every window is good; its end, ms, or null. */
function recoveredAfter(result: Overload, threshold: number): number | null {
  const windows = result.ledger.windows(RECOVERY, WINDOW_MS);
  let from: number | null = null;
  for (const window of windows) {
    const good = window.sent > 0 && window.ok / window.sent >= GOALS.recoveryOk && window.p99 <= threshold;
    if (!good) from = null;
    else from ??= window.startMs;
  }
  return from === null ? null : from + WINDOW_MS;
}

export function report(result: Overload, settings: ReportSettings): Verdicts {
  const { overloadMs: OVERLOAD_MS, recoveryMs: RECOVERY_MS, factor: FACTOR } = settings;
  const { phase, unit, ledger } = result;
  const seconds = OVERLOAD_MS / 1000;
  const kinds = ledger.kindsOf(OVERLOAD);
  const offered = kinds.reduce((sum, kind) => sum + kind.count, 0);
  const ok = okOf(kinds);
  const admitted = ok?.count ?? 0;
  const admittedP99 = sortedP(ok?.latencies ?? new Float64Array(), 0.99);
  const shedKinds = kinds.filter((kind) => kind.kind.startsWith(SHED_PREFIX));
  const shed = shedKinds.reduce((sum, kind) => sum + kind.count, 0);
  const shedLatencies = Float64Array.from(shedKinds.flatMap((kind) => [...kind.latencies])).sort();
  const overloadStart = ledger.segmentStart[OVERLOAD] ?? 0;
  const throughput = ledger.answeredBetween(overloadStart, overloadStart + OVERLOAD_MS) / seconds;
  // What the node could have done: the capacity measured before, or what it did during the overload if more.
  const excess = Math.max(0, offered - Math.max(result.capacity, throughput) * seconds);

  console.log('');
  console.log(
    `${phase}: overload at ${int(FACTOR * result.capacity)}/s (${FACTOR} × ${int(result.capacity)}) for ${seconds} s: ${int(offered)} ${unit} offered, ~${int(excess)} over capacity`,
  );
  for (const kind of kinds) {
    const share = ((kind.count / offered) * 100).toFixed(1);
    console.log(
      `${phase}:   ${kind.kind.padEnd(42)} ${int(kind.count).padStart(9)} (${share.padStart(5)} %)  p50 ${ms(sortedP(kind.latencies, 0.5))}  p99 ${ms(sortedP(kind.latencies, 0.99))}  max ${ms(sortedP(kind.latencies, 1))}`,
    );
  }
  console.log(
    `${phase}:   successes answered during the overload: ${int(throughput)}/s (capacity measured before: ${int(result.capacity)}/s); ${int(admitted)} of the overload's ${unit} succeeded in the end`,
  );
  if (result.closes.size > 0)
    console.log(`${phase}:   sockets closed by the server: ${[...result.closes].map(([why, n]) => `${why} ×${n}`).join(', ')}`);

  const health = (segment: number) => {
    const found = result.health.kindsOf(segment);
    const fine = okOf(found)?.latencies ?? new Float64Array();
    const failed = found.filter((kind) => kind.kind !== OK).reduce((sum, kind) => sum + kind.count, 0);
    return `p50 ${ms(sortedP(fine, 0.5))} p99 ${ms(sortedP(fine, 0.99))} max ${ms(sortedP(fine, 1))}${failed > 0 ? `, ${failed} failed or timed out` : ''}`;
  };
  console.log(
    `${phase}:   GET /healthz every 100 ms: baseline ${health(BASELINE)}; overload ${health(OVERLOAD)}; recovery ${health(RECOVERY)}`,
  );
  const during = result.samples.filter((sample) => sample.segment === OVERLOAD || sample.segment === RECOVERY);
  const peak = Math.max(result.rssStart, ...during.map((sample) => sample.rssMB));
  const end = during.at(-1)?.rssMB ?? Number.NaN;
  const heapBefore = result.samples.filter((sample) => sample.segment === BASELINE && sample.stats).at(-1)?.stats?.heapUsedMB ?? Number.NaN;
  const heapPeak = Math.max(0, ...during.map((sample) => sample.stats?.heapUsedMB ?? 0));
  const externalPeak = Math.max(0, ...during.map((sample) => sample.stats?.externalMB ?? 0));
  console.log(
    `${phase}:   server RSS: ${result.rssStart.toFixed(0)} MB before, peak ${peak.toFixed(0)} MB, ${end.toFixed(0)} MB at the end (main-thread heap used ${heapBefore.toFixed(0)} MB before, up to ${heapPeak.toFixed(0)} MB; external up to ${externalPeak.toFixed(0)} MB)`,
  );
  const loopP99 = during.flatMap((sample) => (sample.stats ? [sample.stats.loopDelayP99] : []));
  const loopMax = during.flatMap((sample) => (sample.stats ? [sample.stats.loopDelayMax] : []));
  const answerDelays = during.flatMap((sample) => (sample.statsAfterMs === null ? [] : [sample.statsAfterMs]));
  const unanswered = during.filter((sample) => sample.stats === null).length;
  console.log(
    `${phase}:   server event loop: delay p99 per sample up to ${ms(Math.max(0, ...loopP99))}, longest stall ${ms(Math.max(0, ...loopMax))}; its answers to the sampler's IPC asks took up to ${ms(Math.max(0, ...answerDelays))}${unanswered > 0 ? ` (${unanswered} never answered)` : ''}`,
  );
  const main =
    result.mainOnCpu === null
      ? ''
      : `; server main thread on a core ${Math.round(result.mainOnCpu * 100)}%, waiting for one ${Math.round((result.mainWaiting ?? 0) * 100)}%`;
  console.log(`${phase}:   during the overload: ${formatCpuShare(result.cpu, throughput, unit.replace(/s$/, ''))}${main}`);

  // A timeline: windows of 5 s in the overload, 1 s in the recovery, each with the server's sample at its end.
  const sampleAt = (atMs: number) =>
    result.samples.reduce<ServerSample | null>((best, sample) => (sample.atMs <= atMs ? sample : best), null);
  const table: string[][] = [
    ['t (s)', 'due/s', 'ok/s', 'shed/s', 'p99 ok', 'RSS MB', 'heap MB', 'HTTP in progress', 'accept queue', 'unread KB', 'outstanding'],
  ];
  const rows = (segment: number, windowMs: number, label: string) => {
    const start = ledger.segmentStart[segment] ?? 0;
    for (const window of ledger.windows(segment, windowMs)) {
      const perSecond = (n: number) => int((n * 1000) / windowMs);
      const sample = sampleAt(start + window.startMs + windowMs);
      table.push([
        `${label}+${(window.startMs / 1000).toFixed(0)}`,
        perSecond(window.sent),
        perSecond(window.ok),
        perSecond(window.shed),
        ms(window.p99),
        sample ? sample.rssMB.toFixed(0) : '',
        sample?.stats ? sample.stats.heapUsedMB.toFixed(0) : '—',
        sample?.stats ? String(sample.stats.httpInProgress) : '—',
        sample ? String(sample.acceptQueue) : '',
        sample ? (sample.unreadBytes / 1024).toFixed(0) : '',
        sample ? int(sample.outstanding) : '',
      ]);
    }
  };
  rows(OVERLOAD, 5000, 'over');
  rows(RECOVERY, 1000, 'rec');
  const widths = (table[0] as string[]).map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  for (const row of table)
    console.log(
      `${phase}:   ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] as number) : cell.padStart(widths[column] as number))).join('  ')}`,
    );

  const threshold = Math.max(2 * result.baselineP99, GOALS.recoveryFloorMs);
  const recovery = recoveredAfter(result, threshold);
  const recoveryKinds = ledger.kindsOf(RECOVERY);
  const recoveryOk = okOf(recoveryKinds)?.count ?? 0;
  const recoverySent = recoveryKinds.reduce((sum, kind) => sum + kind.count, 0);
  console.log(
    `${phase}:   recovery at ${int(result.capacity / 2)}/s: ${((recoveryOk / recoverySent) * 100).toFixed(1)} % ok, p99 ${ms(sortedP(okOf(recoveryKinds)?.latencies ?? new Float64Array(), 0.99))}; baseline p99 ${ms(result.baselineP99)} (threshold ${ms(threshold)})`,
  );

  const shedP99 = sortedP(shedLatencies, 0.99);
  const verdicts: Verdicts = {
    shed: shed >= GOALS.shedShare * excess && shed > 0 && shedP99 <= GOALS.shedP99Ms,
    p99: admittedP99 <= GOALS.admittedP99Ms,
    memory: peak <= result.rssStart + GOALS.memoryMB,
    recovered: recovery !== null && recovery <= RECOVERY_MS,
  };
  console.log(
    `${phase}: shed: ${mark(verdicts.shed)} — ${int(shed)} refused (${int(excess)} over what the node could do), p99 of the refusals ${ms(shedP99)} (goal: ≥ ${GOALS.shedShare * 100} % of the excess, p99 ≤ ${GOALS.shedP99Ms} ms)`,
  );
  console.log(`${phase}: p99 admitted bounded: ${mark(verdicts.p99)} — ${ms(admittedP99)} (goal ≤ ${GOALS.admittedP99Ms} ms)`);
  console.log(
    `${phase}: memory bounded: ${mark(verdicts.memory)} — peak ${peak.toFixed(0)} MB for ${result.rssStart.toFixed(0)} MB before (goal ≤ +${GOALS.memoryMB} MB)`,
  );
  console.log(
    `${phase}: recovered: ${mark(verdicts.recovered)} — ${recovery === null ? `not within ${RECOVERY_MS / 1000} s` : `within ${(recovery / 1000).toFixed(1)} s`} (every later 0.5 s window: p99 ≤ ${ms(threshold)}, ≥ ${GOALS.recoveryOk * 100} % ok)`,
  );
  return verdicts;
}

export function profileReport(result: Overload, dir: string): void {
  const { origins, functions } = summariseMainThread(dir, result.profileRange.fromUs, result.profileRange.toUs);
  const list = (shares: { name: string; share: number }[]) =>
    shares.map(({ name, share }) => `${name} ${(share * 100).toFixed(1)}%`).join(', ');
  console.log(`${result.phase}: server main thread during the overload (V8 profile, self time): by origin: ${list(origins)}`);
  console.log(`${result.phase}:   by function: ${list(functions)}`);
}
