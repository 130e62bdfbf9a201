import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { OverloadedError } from '../overload.js';
import type { VerificationInput, VerificationResult } from './types.js';
import type { CredentialsVerifier } from './verifier.js';
import type { WireInput, WorkerReply, WorkerRequest } from './verifier-wire.js';

interface Pending {
  input: VerificationInput;
  report: boolean;
  resolve: (result: VerificationResult) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  inFlight: Map<number, Pending[]>;
  outstanding: number;
  /** Key refs this worker holds, and refs it should drop with its next batch. */
  known: Set<number>;
  forget: number[];
}

const MAX_BATCH = 128;
/** One batch running and one waiting per worker: enough to never idle, and under load the queue grows into big batches. */
const BATCHES_PER_WORKER = 2;
// Built, the worker is plain JavaScript; from the sources (tests, tsx) a small entry registers tsx first.
const ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./verifier-worker-entry.mjs', import.meta.url)
  : new URL('./verifier-worker.js', import.meta.url);

export interface VerifierPoolOptions {
  /** Worker threads; defaults to one per core, since RSA decryption is the bottleneck. */
  size?: number;
  /**
   * Verifications queued or running at once; past it `verify` rejects with `OverloadedError` at
   * once instead of queueing (load shedding: a queue only adds waiting time once the cores are busy).
   */
  maxPending?: number;
}

/** About a quarter of a second of work for two cores (`PARLEY_MAX_PENDING_VERIFICATIONS`). */
export const DEFAULT_MAX_PENDING_VERIFICATIONS = 256;

/**
 * Runs the pipeline on worker threads so RSA decryptions use every core. A worker holds at
 * most two batches; meanwhile requests queue up and leave together as the next batch, so the
 * messaging cost per verification falls as load rises. Each key crosses to a worker once:
 * afterwards it is named by a number, and forgotten when the main thread drops the KeyObject.
 */
export function createVerifierPool(options: VerifierPoolOptions = {}): CredentialsVerifier {
  const size = Math.max(1, options.size ?? availableParallelism());
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING_VERIFICATIONS;
  const workers: PoolWorker[] = [];
  const keyRefs = new WeakMap<KeyObject, number>();
  const dropped = new FinalizationRegistry<number>((ref) => {
    for (const entry of workers) if (entry.known.delete(ref)) entry.forget.push(ref);
  });
  let nextKeyRef = 0;
  let queue: Pending[] = [];
  let flushScheduled = false;
  let nextBatch = 0;
  let closed = false;

  function spawn(): PoolWorker {
    const entry: PoolWorker = { worker: new Worker(ENTRY), inFlight: new Map(), outstanding: 0, known: new Set(), forget: [] };
    entry.worker.on('message', ({ batch, outcomes }: WorkerReply) => {
      const pending = entry.inFlight.get(batch) ?? [];
      entry.inFlight.delete(batch);
      entry.outstanding -= pending.length;
      if (entry.outstanding === 0) entry.worker.unref();
      flush();
      pending.forEach((request, index) => {
        const outcome = outcomes[index];
        if (outcome && 'result' in outcome) request.resolve(outcome.result);
        else request.reject(new Error(`credentials verification failed: ${outcome?.error ?? 'no answer'}`));
      });
    });
    entry.worker.on('error', (error) => fault(entry, error));
    entry.worker.on('exit', (code) => fault(entry, new Error(`verifier worker exited with code ${code}`)));
    entry.worker.unref();
    return entry;
  }

  function fault(entry: PoolWorker, error: Error): void {
    for (const pending of entry.inFlight.values()) for (const request of pending) request.reject(error);
    entry.inFlight.clear();
    entry.outstanding = 0;
    const index = workers.indexOf(entry);
    if (index >= 0 && !closed) workers[index] = spawn();
  }

  function refFor(key: KeyObject, target: PoolWorker, fresh: Map<number, KeyObject>): number {
    let ref = keyRefs.get(key);
    if (ref === undefined) {
      ref = nextKeyRef++;
      keyRefs.set(key, ref);
      dropped.register(key, ref);
    }
    if (!target.known.has(ref)) fresh.set(ref, key);
    return ref;
  }

  function toWire(input: VerificationInput, target: PoolWorker, fresh: Map<number, KeyObject>): WireInput {
    return {
      credentials: input.credentials,
      now: input.now,
      platformKeys: input.platformKeys.map(({ kid, privateKey }) => ({ kid, ref: refFor(privateKey, target, fresh) })),
      acceptedIssuers: input.policy.acceptedIssuers,
      maxTokenLifetimeSeconds: input.policy.maxTokenLifetimeSeconds,
      brandKeys: input.policy.brandKeys.map(({ id, kid, publicKey }) => ({ id, kid, ref: refFor(publicKey, target, fresh) })),
    };
  }

  function send(target: PoolWorker, chunk: Pending[], report: boolean): void {
    const batch = nextBatch++;
    const fresh = new Map<number, KeyObject>();
    const accepted: Pending[] = [];
    const inputs: WireInput[] = [];
    for (const request of chunk) {
      try {
        inputs.push(toWire(request.input, target, fresh));
        accepted.push(request);
      } catch (error) {
        request.reject(new Error(`credentials verification failed: invalid input (${(error as Error).message})`));
      }
    }
    if (accepted.length === 0) return;
    target.inFlight.set(batch, accepted);
    target.outstanding += accepted.length;
    target.worker.ref(); // an idle pool must not keep the process alive, a busy one must
    const keys = [...fresh];
    target.worker.postMessage({ batch, keys, forget: target.forget.splice(0), inputs, report } satisfies WorkerRequest);
    for (const [ref] of keys) target.known.add(ref);
  }

  function flush(): void {
    flushScheduled = false;
    while (queue.length > 0) {
      const target = workers.reduce((least, worker) => (worker.inFlight.size < least.inFlight.size ? worker : least));
      if (target.inFlight.size >= BATCHES_PER_WORKER) return;
      const idle = workers.filter((worker) => worker.inFlight.size < BATCHES_PER_WORKER).length;
      const limit = Math.min(MAX_BATCH, Math.ceil(queue.length / idle));
      const report = (queue[0] as Pending).report;
      const chunk: Pending[] = [];
      const rest: Pending[] = [];
      for (const request of queue) (request.report === report && chunk.length < limit ? chunk : rest).push(request);
      queue = rest;
      send(target, chunk, report);
    }
  }

  for (let i = 0; i < size; i++) workers.push(spawn());

  return {
    verify(input, verifyOptions) {
      if (closed) return Promise.reject(new Error('the verifier pool is closed'));
      const pending = workers.reduce((sum, worker) => sum + worker.outstanding, queue.length);
      if (pending >= maxPending) return Promise.reject(new OverloadedError(`${pending} credential verifications pending`));
      return new Promise((resolve, reject) => {
        queue.push({ input, report: verifyOptions?.report ?? true, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },
    async close() {
      closed = true;
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}
