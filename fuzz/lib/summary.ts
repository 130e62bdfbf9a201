/** The end-of-run summary: cases per stream, outcomes, latencies, the well-behaved client, server time, RSS, failures. */
import { KNOWN_FINDINGS } from '../known-findings.js';
import { formatMs, type LatencySummary } from './latency.js';
import type { RssReport } from './process-stats.js';
import type { ServerLogReport } from './server-log.js';
import type { StreamReport } from './stream.js';
import type { WellBehavedReport } from './well-behaved.js';

export interface RunReport {
  seed: number;
  runs: number;
  latencyLimitMs: number;
  streams: StreamReport[];
  crashed: string[];
  wellBehaved: WellBehavedReport | null;
  serverLog: ServerLogReport;
  rss: RssReport;
  serverExit: number | null | 'running';
  wallMs: number;
}

/** RSS is flat when the end is within this factor of the value after warm-up… */
export const RSS_FLAT_FACTOR = 1.5;
/** …and the peak within this one (an end below the peak may only mean the heap was collected before the end). */
export const RSS_PEAK_FACTOR = 2;

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const latency = (summary: LatencySummary) => `p50 ${formatMs(summary.p50)}, p99 ${formatMs(summary.p99)}, max ${formatMs(summary.max)}`;
const pad = (text: string | number, width: number) => String(text).padStart(width);

/** Why the run fails (empty: it passes). */
export function verdict(report: RunReport): string[] {
  const problems: string[] = [];
  for (const stream of report.streams) {
    if (stream.failure) problems.push(`${stream.name}: a check failed (see above)`);
    if (stream.findings.length > 0)
      problems.push(
        `${stream.name}: ${stream.findings.reduce((sum, f) => sum + f.count, 0)} failed checks of ${stream.findings.length} kinds`,
      );
  }
  problems.push(...report.crashed.map((crash) => `a stream crashed: ${crash.split('\n')[0]}`));
  if (report.serverExit !== 'running') problems.push(`the server exited during the run (code ${report.serverExit})`);
  if (report.serverLog.errors.count > 0) problems.push(`${report.serverLog.errors.count} error lines in the server log`);
  const wellBehaved = report.wellBehaved;
  if (wellBehaved && wellBehaved.all.p99 > report.latencyLimitMs)
    problems.push(`the well-behaved client's p99 is ${formatMs(wellBehaved.all.p99)}, over ${report.latencyLimitMs} ms`);
  if (wellBehaved && wellBehaved.failures.length > 0) problems.push(`the well-behaved client failed ${wellBehaved.failures.length} times`);
  if (report.rss.endBytes > RSS_FLAT_FACTOR * report.rss.warmBytes)
    problems.push(`RSS grew from ${mb(report.rss.warmBytes)} after warm-up to ${mb(report.rss.endBytes)} (over ${RSS_FLAT_FACTOR}×)`);
  if (report.rss.peakBytes > RSS_PEAK_FACTOR * report.rss.warmBytes)
    problems.push(`RSS peaked at ${mb(report.rss.peakBytes)}, over ${RSS_PEAK_FACTOR}× its ${mb(report.rss.warmBytes)} after warm-up`);
  return problems;
}

export function printSummary(report: RunReport): void {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  for (const stream of report.streams) {
    if (stream.failure) {
      const path = /path: "([^"]+)"/.exec(stream.failure)?.[1];
      out(`\n=== ${stream.name}: FAILED ===\n${stream.failure}`);
      if (stream.firstFailure) out(`\nFirst failing case, before shrinking:\n${stream.firstFailure}`);
      out(`\nReplay: FUZZ_SEED=${report.seed} FUZZ_STREAMS=${stream.name}${path ? ` FUZZ_PATH=${path}` : ''} npm run fuzz`);
    }
    for (const finding of stream.findings)
      out(`\n=== ${stream.name}: ${finding.count} × ${finding.kind}\n${finding.example.slice(0, 3000)}`);
    for (const finding of stream.known) {
      const summary = KNOWN_FINDINGS.find((known) => known.id === finding.kind)?.summary ?? '';
      out(
        `\n--- ${stream.name}: known finding ${finding.kind}, ${finding.count} cases (not failed on; FUZZ_STRICT=1 does): ${summary}\n${finding.example.slice(0, 1500)}`,
      );
    }
  }
  for (const crash of report.crashed) out(`\n=== a stream crashed ===\n${crash}`);

  out(`\nParley fuzz summary — seed ${report.seed}, ${report.runs} cases per stream asked, limit ${report.latencyLimitMs} ms per answer`);
  out(
    `${'stream'.padEnd(12)}${pad('passed', 9)}${pad('known', 7)}${pad('accepted', 10)}${pad('refused', 10)}${pad('p50', 11)}${pad('p99', 11)}${pad('max', 11)}${pad('slow once', 11)}${pad('cases/s', 9)}`,
  );
  for (const stream of report.streams)
    out(
      `${stream.name.padEnd(12)}${pad(stream.cases, 9)}${pad(
        stream.known.reduce((sum, f) => sum + f.count, 0),
        7,
      )}${pad(stream.accepted, 10)}${pad(stream.refused, 10)}${pad(formatMs(stream.latency.p50), 11)}${pad(formatMs(stream.latency.p99), 11)}${pad(formatMs(stream.latency.max), 11)}${pad(stream.slowOnce, 11)}${pad(((stream.cases * 1000) / Math.max(1, stream.wallMs)).toFixed(0), 9)}`,
    );
  const warm = report.streams.map((stream) => `${stream.name} ${stream.slowInWarmup}`).join(', ');
  out(`  over ${report.latencyLimitMs} ms during the warm-up (not enforced): ${warm}`);
  for (const stream of report.streams) {
    const top = Object.entries(stream.labels)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([label, count]) => `${label} ${count}`);
    if (top.length > 0) out(`  ${stream.name} answers: ${top.join(' · ')}`);
  }
  const wellBehaved = report.wellBehaved;
  if (wellBehaved)
    out(
      `well-behaved client: p99 ${formatMs(wellBehaved.all.p99)} over ${wellBehaved.all.count} requests (query ${latency(wellBehaved.query)}; activation ${latency(wellBehaved.activation)}; message ack+echo ${latency(wellBehaved.message)}); ${wellBehaved.skipped} turns skipped, ${wellBehaved.failures.length} failures${wellBehaved.failures.length ? `: ${wellBehaved.failures.slice(0, 3).join(' | ')}` : ''}`,
    );
  const log = report.serverLog;
  out(
    `server time of HTTP requests (its log): ${latency(log.responseTime)} over ${log.responseTime.count} requests; ${log.overLimit} over ${report.latencyLimitMs} ms`,
  );
  for (const line of log.slowest) out(`  slow: ${line}`);
  out(
    `server RSS: start ${mb(report.rss.startBytes)}, after warm-up ${mb(report.rss.warmBytes)}, peak ${mb(report.rss.peakBytes)}, end ${mb(report.rss.endBytes)} (${report.rss.samples} samples; flat = end ≤ ${RSS_FLAT_FACTOR}× and peak ≤ ${RSS_PEAK_FACTOR}× after warm-up)`,
  );
  out(`server: ${report.serverExit === 'running' ? 'ran throughout' : `EXITED (${report.serverExit})`}; ${log.errors.count} error lines`);
  for (const line of log.errors.first) out(`  error: ${line}`);
  out(
    `machine: ${report.rss.load.cores} cores, 1-minute load average ${report.rss.load.mean.toFixed(1)} on average, ${report.rss.load.max.toFixed(1)} at most`,
  );
  out(`wall time: ${(report.wallMs / 1000).toFixed(0)} s`);
  const problems = verdict(report);
  out(problems.length === 0 ? '\nPASS' : `\nFAIL (seed ${report.seed}):\n  ${problems.join('\n  ')}`);
}
