/**
 * `npm run fuzz`: starts `parley serve` (SQLite in a temporary data directory), sets up projects,
 * keys and visitors, then runs the GraphQL, realtime and credentials streams at the same time, each
 * in its own worker thread, with a well-behaved client timed beside them and the server's RSS
 * sampled every second. Prints the seed first, a progress line every 10 s, a summary at the end;
 * exits 1 when anything fails. Settings: fuzz/lib/options.ts, docs/fuzzing.md.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { makeFixture } from './lib/fixture.js';
import { fuzzOptions } from './lib/options.js';
import { startParley } from './lib/parley-child.js';
import { RssSampler, rssBytes, waitUntilIdle } from './lib/process-stats.js';
import { readServerLog } from './lib/server-log.js';
import type { StreamName, StreamReport } from './lib/stream.js';
import type { WorkerInput, WorkerMessage } from './lib/stream-worker.js';
import { printSummary, type RunReport, verdict } from './lib/summary.js';
import { WellBehavedClient } from './lib/well-behaved.js';
import { typeScriptWorker } from './lib/worker-thread.js';

const options = fuzzOptions();
const count = (findings: readonly { count: number }[]) => findings.reduce((sum, finding) => sum + finding.count, 0);
const started = performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
say(
  `Parley fuzz: FUZZ_SEED=${options.seed} FUZZ_RUNS=${options.runs} FUZZ_STREAMS=${options.streams.join(',')}${options.path ? ` FUZZ_PATH=${options.path}` : ''}`,
);

const server = await startParley();
say(`server: pid ${server.pid} at ${server.url}, data and log in ${server.dataDir}`);
let exitCode = 1;
try {
  const fixture = await makeFixture(server.url, server.admin, { warmScripts: true });
  await waitUntilIdle(server.pid);
  const progress = new Map<StreamName, StreamReport>();
  const crashed: string[] = [];
  const loaded: Promise<void>[] = [];
  const workers: Worker[] = [];
  const quiet = new SharedArrayBuffer(8);
  const finished = options.streams.map(
    (stream) =>
      new Promise<StreamReport | null>((resolve) => {
        const input: WorkerInput = {
          stream,
          fixture,
          serverPid: server.pid,
          options: {
            seed: options.seed,
            runs: options.runs,
            path: options.path,
            latencyLimitMs: options.latencyLimitMs,
            keepGoing: options.keepGoing,
            timeLimitMs: options.maxMinutes * 60_000,
            warmupMs: options.warmupSeconds * 1000,
          },
          strict: options.strict,
          quiet,
        };
        const worker = typeScriptWorker(new URL('./lib/stream-worker.ts', import.meta.url), input);
        workers.push(worker);
        loaded.push(
          new Promise((ready) => {
            for (const event of ['message', 'error', 'exit']) worker.once(event, () => ready());
          }),
        );
        worker.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') return;
          if (message.type === 'crashed') {
            crashed.push(`${stream}: ${message.error}`);
            resolve(null);
          } else {
            progress.set(stream, message.report);
            if (message.type === 'done') resolve(message.report);
          }
        });
        worker.on('error', (error) => {
          crashed.push(`${stream}: ${error.stack ?? error.message}`);
          resolve(null);
        });
        worker.on('exit', () => resolve(progress.get(stream) ?? null));
      }),
  );
  // Every stream loaded and the machine quiet again before anything is timed.
  await Promise.all(loaded);
  await waitUntilIdle(server.pid);
  const rss = new RssSampler(server.pid, options.warmupSeconds * 1000);
  const wellBehaved = options.wellBehaved ? await WellBehavedClient.start(fixture, options.warmupSeconds * 1000) : null;
  for (const worker of workers) worker.postMessage('go');
  const ticker = setInterval(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const streams = [...progress.values()].map(
      (report) =>
        `${report.name} ${report.cases}${report.failure ? ' FAILED' : ''}${count(report.findings) ? ` (${count(report.findings)} failed)` : ''}${count(report.known) ? ` (${count(report.known)} known)` : ''}`,
    );
    say(`[${seconds} s] ${streams.join(' · ')} · RSS ${((rssBytes(server.pid) ?? 0) / 2 ** 20).toFixed(0)} MB`);
  }, 10_000);
  const reports = (await Promise.all(finished)).filter((report): report is StreamReport => report !== null);
  clearInterval(ticker);

  const report: RunReport = {
    seed: options.seed,
    runs: options.runs,
    latencyLimitMs: options.latencyLimitMs,
    streams: reports,
    crashed,
    wellBehaved: wellBehaved?.stop() ?? null,
    rss: rss.stop(),
    serverExit: server.exitCode(),
    serverLog: await readServerLog(server.logPath, options.latencyLimitMs),
    wallMs: performance.now() - started,
  };
  printSummary(report);
  const reportPath = join(server.dataDir, 'fuzz-report.json');
  writeFileSync(reportPath, JSON.stringify(report, null, 2));
  say(`report: ${reportPath}`);
  exitCode = verdict(report).length === 0 ? 0 : 1;
  // The server's log (hundreds of MB after a full run) is kept only when something failed.
  if (exitCode === 0) rmSync(server.logPath, { force: true });
} finally {
  await server.stop();
}
process.exit(exitCode);
