import type { KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { fromWire, type WorkerOutcome, type WorkerReply, type WorkerRequest, withoutReport } from './verifier-wire.js';
import { verifyCredentials } from './verify-credentials.js';

const keys = new Map<number, KeyObject>();

const port = parentPort;
if (!port) throw new Error('verifier-worker must run in a worker thread');
port.on('message', (request: WorkerRequest) => {
  for (const [ref, key] of request.keys) keys.set(ref, key);
  for (const ref of request.forget) keys.delete(ref);
  const outcomes = request.inputs.map((input): WorkerOutcome => {
    try {
      const result = verifyCredentials(fromWire(input, keys));
      return { result: request.report ? result : withoutReport(result) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  });
  port.postMessage({ batch: request.batch, outcomes } satisfies WorkerReply);
});
