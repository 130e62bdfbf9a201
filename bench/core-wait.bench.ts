/**
 * npm run bench:core-wait [-- --seconds 10]
 *
 * How long a busy thread of this machine waits for a core when more threads want one than there
 * are cores: for 1 to cores + 1 threads spinning together, each reading the clock in a loop, the
 * gaps between two readings (the thread was not running) over 5 ms: how many a second, and the
 * longest. No thread of Parley runs; it measures the machine and its scheduler. A latency goal of
 * a few milliseconds cannot be measured on a machine where the server and its load generator
 * together want more threads than cores and the longest wait is tens of milliseconds
 * (docs/performance.md, "The half-load tail").
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';

const { values: flags } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const SECONDS = Number(flags.seconds);
if (!(SECONDS >= 1 && SECONDS <= 120)) throw new Error('--seconds: 1 to 120');

const SPIN = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const until = performance.now() + workerData.ms;
let last = performance.now();
const gaps = [];
while (last < until) {
  const now = performance.now();
  if (now - last > 5) gaps.push(now - last);
  last = now;
}
parentPort.postMessage(gaps);
`;

/** The gaps over 5 ms that each of `threads` spinning threads saw, in ms. */
async function spin(threads: number, ms: number): Promise<number[][]> {
  return Promise.all(
    Array.from({ length: threads }, () => {
      const worker = new Worker(SPIN, { eval: true, workerData: { ms } });
      return new Promise<number[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
}

const cores = availableParallelism();
console.log(`core-wait bench: ${cores} cores, ${SECONDS} s per step, gaps over 5 ms between a spinning thread's clock readings`);
for (let threads = 1; threads <= cores + 1; threads++) {
  const gaps = (await spin(threads, SECONDS * 1000)).flat().sort((a, b) => a - b);
  const longest = gaps.at(-1) ?? 0;
  const over20 = gaps.filter((gap) => gap > 20).length;
  console.log(
    `${threads} busy thread${threads === 1 ? '' : 's'}: ${(gaps.length / (threads * SECONDS)).toFixed(1)} gaps/s per thread, ` +
      `${over20} over 20 ms, longest ${longest.toFixed(1)} ms`,
  );
}
