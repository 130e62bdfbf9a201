/** The run's settings, from the environment (docs/fuzzing.md lists them). */
import { STREAM_NAMES, type StreamName } from './stream.js';

export interface FuzzOptions {
  /** FUZZ_SEED: fast-check's seed for every stream (default: random). */
  seed: number;
  /** FUZZ_RUNS: cases per stream (default 100,000). */
  runs: number;
  /** FUZZ_STREAMS: which streams, comma-separated (default all three, run at the same time). */
  streams: StreamName[];
  /** FUZZ_PATH: replay one failure (with FUZZ_SEED and one stream in FUZZ_STREAMS), as fast-check printed it. */
  path: string | undefined;
  /** FUZZ_LATENCY_MS: the bound on every answer (default 50). */
  latencyLimitMs: number;
  /** FUZZ_KEEP_GOING=1: collect failed checks and go on instead of stopping a stream at its first. */
  keepGoing: boolean;
  /** FUZZ_STRICT=1: fail on the known findings (fuzz/known-findings.ts) too. */
  strict: boolean;
  /** FUZZ_WELL_BEHAVED=0 turns the well-behaved client off. */
  wellBehaved: boolean;
  /** FUZZ_MAX_MINUTES: stop every stream after this long, whatever number of cases it reached (default: no limit). */
  maxMinutes: number;
  /** FUZZ_WARMUP_S: the warm-up, in seconds (default 30): then the RSS baseline is taken, and from then on answers are held to the bound. */
  warmupSeconds: number;
}

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

export function fuzzOptions(): FuzzOptions {
  const streams = (process.env.FUZZ_STREAMS ?? STREAM_NAMES.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  for (const name of streams)
    if (!(STREAM_NAMES as readonly string[]).includes(name))
      throw new Error(`FUZZ_STREAMS: unknown stream "${name}" (${STREAM_NAMES.join(', ')})`);
  const path = process.env.FUZZ_PATH || undefined;
  if (path && streams.length !== 1) throw new Error('FUZZ_PATH replays one stream: set FUZZ_STREAMS to it');
  return {
    seed: positiveInteger('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31)),
    runs: positiveInteger('FUZZ_RUNS', 100_000),
    streams: streams as StreamName[],
    path,
    latencyLimitMs: positiveInteger('FUZZ_LATENCY_MS', 50),
    keepGoing: process.env.FUZZ_KEEP_GOING === '1',
    strict: process.env.FUZZ_STRICT === '1',
    wellBehaved: process.env.FUZZ_WELL_BEHAVED !== '0',
    warmupSeconds: positiveInteger('FUZZ_WARMUP_S', 30),
    maxMinutes: positiveInteger('FUZZ_MAX_MINUTES', 0),
  };
}
