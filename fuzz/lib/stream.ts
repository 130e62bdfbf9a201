/**
 * Runs one stream's cases with fast-check: seeded, one case in flight at a time, each answer
 * checked by the stream and timed. An answer slower than the limit is tried twice more: the case
 * fails only when every try is slow (the input is slow, not a scheduling hiccup of two shared
 * cores); hiccups are counted. With `quiet`, an array shared by the streams of a run, the
 * later tries run while the other streams hold their next case, so that they time the input alone. fast-check shrinks a failure and reports the seed and path.
 * With `keepGoing` (FUZZ_KEEP_GOING=1), failed checks are collected as findings, grouped by the
 * first line of their message, and the run goes on (no shrinking): a survey of everything that fails.
 */
import fc from 'fast-check';
import type { KnownFinding } from '../known-findings.js';
import { ServerGone } from './http.js';
import { formatMs, Latencies, type LatencySummary } from './latency.js';

export type StreamName = 'graphql' | 'realtime' | 'credentials';
export const STREAM_NAMES: readonly StreamName[] = ['graphql', 'realtime', 'credentials'];

/** What one case did: its slowest answer, and how many of its requests were accepted or refused. */
export interface CaseOutcome {
  latencyMs: number;
  accepted: number;
  refused: number;
  /** What the answer was (a reason code, a close code, an HTTP status…), counted for the summary. */
  label?: string;
}

export interface FuzzStream<Case> {
  readonly name: StreamName;
  readonly cases: fc.Arbitrary<Case>;
  /** Runs one case; throws (with the answer in the message) when a check fails. */
  run(testCase: Case): Promise<CaseOutcome>;
  close(): Promise<void>;
}

export interface StreamReport {
  name: StreamName;
  cases: number;
  accepted: number;
  refused: number;
  latency: LatencySummary;
  /** Answers over the limit whose case answered within it on a later try. */
  slowOnce: number;
  /** Answers over the limit during the warm-up, when the bound is not enforced. */
  slowInWarmup: number;
  /** How many cases got each answer (see CaseOutcome.label). */
  labels: Record<string, number>;
  wallMs: number;
  /** fast-check's report (seed, path, shrunk counterexample, error), null when every case passed. */
  failure: string | null;
  /** The first failing case as generated, before shrinking. */
  firstFailure: string | null;
  /** With keepGoing: every kind of failed check, with how often and a first example. */
  findings: Finding[];
  /** Failed checks that match a known finding (fuzz/known-findings.ts): counted, not failed on. */
  known: Finding[];
}

export interface Finding {
  kind: string;
  count: number;
  example: string;
}

export interface StreamOptions {
  seed: number;
  runs: number;
  path?: string | undefined;
  latencyLimitMs: number;
  /** Collect failed checks as findings and go on, instead of stopping at the first. */
  keepGoing?: boolean;
  /** For this long from the start (JIT and caches warming, every stream starting at once) a slow answer is counted, not failed. */
  warmupMs?: number | undefined;
  /** Shared by the streams of one run: [0] how many are re-timing a slow case (the others wait meanwhile), [1] the lock of the one that does. */
  quiet?: Int32Array | undefined;
  /** Stop after this long (the cases run so far count; fast-check's interruptAfterTimeLimit). */
  timeLimitMs?: number | undefined;
  /** Failed checks to count instead of failing on (none with FUZZ_STRICT=1). */
  known?: readonly KnownFinding[];
  onProgress?: (report: StreamReport) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What groups findings: the first line of the message, numbers and quoted text blurred. */
const kindOf = (message: string) =>
  (message.split('\n')[0] ?? '')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+(\.\d+)?/g, '#')
    .slice(0, 160);

/** A case as JSON, long strings cut (a failing case may hold 60 KB strings), bytes in hex. */
export function preview(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string' && item.length > 300) return `${item.slice(0, 300)}…(${item.length} characters)`;
    if (item instanceof Uint8Array) return `bytes:${Buffer.from(item).toString('hex')}`;
    return item;
  });
  return text.length > 6000 ? `${text.slice(0, 6000)}… (${text.length} characters)` : text;
}

export async function runStream<Case>(stream: FuzzStream<Case>, options: StreamOptions): Promise<StreamReport> {
  const started = performance.now();
  const latencies = new Latencies();
  const report: StreamReport = {
    name: stream.name,
    cases: 0,
    accepted: 0,
    refused: 0,
    latency: latencies.summary(),
    slowOnce: 0,
    slowInWarmup: 0,
    labels: {},
    wallMs: 0,
    failure: null,
    firstFailure: null,
    findings: [],
    known: [],
  };
  const findings = new Map<string, Finding>();
  const known = new Map<string, Finding>();
  const record = (into: Map<string, Finding>, kind: string, testCase: unknown, message: string) => {
    const finding = into.get(kind) ?? { kind, count: 0, example: `${preview(testCase)}\n→ ${message}` };
    finding.count++;
    into.set(kind, finding);
  };
  let failing = false;
  let lastProgress = performance.now();
  const property = fc.asyncProperty(stream.cases, async (testCase) => {
    try {
      const { quiet } = options;
      while (quiet && Atomics.load(quiet, 0) > 0) await sleep(10);
      const first = await stream.run(testCase);
      let best = first.latencyMs;
      let tries = 1;
      const warmingUp = performance.now() - started < (options.warmupMs ?? 0);
      if (best > options.latencyLimitMs && !warmingUp) {
        // Tried again alone: the other streams hold their next case, one stream re-times at a time (lock in quiet[1]).
        if (quiet) {
          Atomics.add(quiet, 0, 1);
          while (Atomics.compareExchange(quiet, 1, 0, 1) !== 0) await sleep(10);
        }
        try {
          while (best > options.latencyLimitMs && tries < 3) {
            tries++;
            await sleep(quiet ? 300 : 100);
            best = Math.min(best, (await stream.run(testCase)).latencyMs);
          }
        } finally {
          if (quiet) {
            Atomics.store(quiet, 1, 0);
            Atomics.sub(quiet, 0, 1);
          }
        }
      }
      if (best > options.latencyLimitMs && !warmingUp)
        throw new Error(`answered in ${formatMs(best)} at best of ${tries} tries, over the ${options.latencyLimitMs} ms limit`);
      if (!failing) {
        latencies.add(first.latencyMs);
        report.cases++;
        report.accepted += first.accepted;
        report.refused += first.refused;
        if (first.label !== undefined) report.labels[first.label] = (report.labels[first.label] ?? 0) + 1;
        if (tries > 1) report.slowOnce++;
        if (warmingUp && first.latencyMs > options.latencyLimitMs) report.slowInWarmup++;
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const knownFinding = options.known?.find((finding) => finding.stream === stream.name && finding.matches(testCase, message));
      if (knownFinding && !failing) return record(known, knownFinding.id, testCase, message);
      if (options.keepGoing && !(error instanceof ServerGone)) return record(findings, kindOf(message), testCase, message);
      if (!failing) report.firstFailure = `${preview(testCase)}\n→ ${message}`;
      failing = true;
      throw error;
    }
    if (options.onProgress && performance.now() - lastProgress > 2000) {
      lastProgress = performance.now();
      options.onProgress({
        ...report,
        latency: latencies.summary(),
        wallMs: performance.now() - started,
        findings: [...findings.values()],
        known: [...known.values()],
      });
    }
  });
  try {
    await fc.assert(property, {
      seed: options.seed,
      numRuns: options.runs,
      ...(options.path ? { path: options.path } : {}),
      ...(options.timeLimitMs ? { interruptAfterTimeLimit: options.timeLimitMs, markInterruptAsFailure: false } : {}),
    });
  } catch (error) {
    report.failure = error instanceof Error ? error.message : String(error);
  }
  try {
    await stream.close();
  } catch (error) {
    report.failure ??= `the check after the last case failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  return {
    ...report,
    latency: latencies.summary(),
    wallMs: performance.now() - started,
    findings: [...findings.values()],
    known: [...known.values()],
  };
}
