import type { KeyObject } from 'node:crypto';
import type { VerificationInput, VerificationResult } from './types.js';

/** A verification input as it crosses to a worker: keys travel once, then by reference. */
export interface WireInput {
  credentials: string;
  now: number;
  platformKeys: { kid: string; ref: number }[];
  acceptedIssuers: readonly string[];
  maxTokenLifetimeSeconds: number;
  brandKeys: { id: string; kid: string; ref: number }[];
}

export interface WorkerRequest {
  batch: number;
  /** Keys this worker has not seen yet. */
  keys: [number, KeyObject][];
  /** Keys whose KeyObject the main thread has dropped. */
  forget: number[];
  inputs: WireInput[];
  /** Without the report, results carry no checks, headers or claims (the hot path). */
  report: boolean;
}

export type WorkerOutcome = { result: VerificationResult } | { error: string };

export interface WorkerReply {
  batch: number;
  outcomes: WorkerOutcome[];
}

/** Rebuilds the input on the worker side from its key cache. */
export function fromWire(input: WireInput, keys: ReadonlyMap<number, KeyObject>): VerificationInput {
  const key = (ref: number) => {
    const found = keys.get(ref);
    if (!found) throw new Error(`verifier worker has no key #${ref}`);
    return found;
  };
  return {
    credentials: input.credentials,
    now: input.now,
    platformKeys: input.platformKeys.map(({ kid, ref }) => ({ kid, privateKey: key(ref) })),
    policy: {
      acceptedIssuers: input.acceptedIssuers,
      maxTokenLifetimeSeconds: input.maxTokenLifetimeSeconds,
      brandKeys: input.brandKeys.map(({ id, kid, ref }) => ({ id, kid, publicKey: key(ref) })),
    },
  };
}

/** Drops what only operators need, so the reply is cheap to send back. */
export function withoutReport(result: VerificationResult): VerificationResult {
  const lean = { checks: [], jweHeader: null, jwsHeader: null, claims: null };
  return { ...result, ...lean };
}
