/** One stream in a worker thread of fuzz/run.ts: its own event loop, so no stream's generation delays another's timing. */
import { parentPort, workerData } from 'node:worker_threads';
import { KNOWN_FINDINGS } from '../known-findings.js';
import type { Fixture } from './fixture.js';
import { processAlive } from './http.js';
import { makeStream } from './make-stream.js';
import { runStream, type StreamName, type StreamOptions, type StreamReport } from './stream.js';

export interface WorkerInput {
  stream: StreamName;
  fixture: Fixture;
  serverPid: number;
  options: Omit<StreamOptions, 'onProgress' | 'known' | 'quiet'>;
  /** Two Int32 shared by the streams (see StreamOptions.quiet). */
  quiet: SharedArrayBuffer;
  /** Fail on known findings too. */
  strict: boolean;
}

export type WorkerMessage = { type: 'ready' } | { type: 'progress' | 'done'; report: StreamReport } | { type: 'crashed'; error: string };

const input = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);
try {
  const stream = await makeStream(input.stream, input.fixture, processAlive(input.serverPid));
  // Loading and compiling this thread's modules is work of its own: the streams start together once all are loaded.
  const go = new Promise<void>((resolve) => parentPort?.once('message', () => resolve()));
  post({ type: 'ready' });
  await go;
  const report = await runStream(stream, {
    ...input.options,
    known: input.strict ? [] : KNOWN_FINDINGS,
    quiet: new Int32Array(input.quiet),
    onProgress: (progress) => post({ type: 'progress', report: progress }),
  });
  post({ type: 'done', report });
} catch (error) {
  post({ type: 'crashed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
