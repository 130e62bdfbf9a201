import type { ReasonCode, VisitorData } from '@parley/protocol';

/** Names of the fixed key pairs in `keys/`. */
export type KeyName = 'platform' | 'platform-other' | 'brand' | 'brand-old' | 'brand-other';

export interface VectorPolicy {
  /** Platform private keys the verifier holds (default: platform). */
  platformKeys?: KeyName[];
  /** Active brand keys of the project (default: brand). */
  brandKeys?: KeyName[];
  acceptedIssuers?: string[];
  maxTokenLifetimeSeconds?: number;
}

/** Project state a server-scope vector needs. */
export interface VectorProjectState {
  exists?: boolean;
  authenticatedMode?: boolean;
  /** Presented once before, so this presentation is a replay. */
  alreadyUsed?: boolean;
  /** The (IP, project) attempt budget is spent. */
  rateLimited?: boolean;
}

export type VectorExpectation =
  | { ok: true; userId: string; visitorData: VisitorData | null; platformKeyId: string; brandKeyId: string }
  | { ok: false; reason: ReasonCode; detailIncludes?: string };

export interface CredentialsVector {
  name: string;
  description: string;
  scope: 'token' | 'server';
  credentials: string;
  policy?: VectorPolicy;
  project?: VectorProjectState;
  expected: VectorExpectation;
}

export interface VectorFile {
  /** The fixed clock, seconds since the epoch. */
  now: number;
  /** kid of each key as the vectors' policies register it. */
  kids: Record<KeyName, string>;
  vectors: CredentialsVector[];
}
