import { DEFAULT_AUTH_LOG_RETENTION_DAYS, isReasonCode, type ReasonCode } from '@parley/protocol';
import { sql } from 'kysely';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import { type Connection, type ConnectionArgs, keysetConnection } from '../store/pagination.js';
import type { AuthenticationEventTable } from '../store/schema.js';
import { ipHmac } from './ip-hmac.js';
import { planBuckets, type StatsBucket } from './stats-buckets.js';

export type AuthenticationOutcome = 'SUCCESS' | 'FAILURE';

/** One authentication attempt, as the caller knows it. */
export interface AuthenticationAttempt {
  projectId: string;
  outcome: AuthenticationOutcome;
  /** A spec §2.6 reason code for a failure; null for a success. */
  reason: string | null;
  platformKeyId: string | null;
  brandKeyId: string | null;
  userId: string | null;
  vuid: string | null;
  /** Stored only as an HMAC with the server's IP key. */
  clientIp: string;
}

/** A node of `authenticationEvents`. */
export interface AuthenticationEvent {
  id: string;
  time: string;
  outcome: AuthenticationOutcome;
  reason: ReasonCode | null;
  platformKeyId: string | null;
  brandKeyId: string | null;
  userId: string | null;
  vuid: string | null;
  ipHmac: string;
}

export interface AuthenticationEventFilter extends ConnectionArgs {
  outcome?: AuthenticationOutcome | null | undefined;
  reason?: string | null | undefined;
  /** Also count the matching events (one more query). */
  totalCount?: boolean;
}

export interface StatsRange {
  from: Date;
  to: Date;
  bucket: StatsBucket;
}

/** Counts of one bucket; `start` is ISO 8601 UTC. */
export interface StatsPoint {
  start: string;
  success: number;
  failure: number;
}

export interface AuthenticationLogDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** HMAC key for client addresses: `serverSecret(store, 'auth-log-ip')`, the same on every node. */
  ipKey: Buffer;
}

const DAY_MS = 86_400_000;
/** Attacker-controlled strings (vuid, ids of unknown projects) are cut, so a row stays small. */
const MAX_TEXT = 255;

const clip = (value: string | null): string | null => (value === null ? null : value.slice(0, MAX_TEXT));

function fromRow(row: AuthenticationEventTable): AuthenticationEvent {
  return {
    id: row.id,
    time: row.time,
    outcome: row.outcome,
    reason: isReasonCode(row.reason) ? row.reason : null,
    platformKeyId: row.platform_key_id,
    brandKeyId: row.brand_key_id,
    userId: row.user_id,
    vuid: row.vuid,
    ipHmac: row.ip_hmac,
  };
}

function outcomeFilter(value: unknown): AuthenticationOutcome | null {
  if (value === null || value === undefined) return null;
  if (value === 'SUCCESS' || value === 'FAILURE') return value;
  throw new ApiError('VALIDATION_FAILED', 'outcome: must be SUCCESS or FAILURE');
}

function reasonFilter(value: unknown): ReasonCode | null {
  if (value === null || value === undefined) return null;
  if (isReasonCode(value)) return value;
  throw new ApiError('VALIDATION_FAILED', `reason: "${String(value).slice(0, 64)}" is not a reason code (see the errors reference)`);
}

/** The authentication log of spec §9.7: every attempt, per project, kept for the project's retention. */
export class AuthenticationLog {
  constructor(private readonly deps: AuthenticationLogDeps) {
    if (deps.ipKey.length < 32) throw new Error('AuthenticationLog: ipKey must be at least 32 bytes');
  }

  /** The HMAC an address is stored as (to look for one address's attempts). */
  hashIp(clientIp: string): string {
    return ipHmac(this.deps.ipKey, clientIp);
  }

  async record(attempt: AuthenticationAttempt): Promise<AuthenticationEvent> {
    const row = this.rowOf(attempt);
    await this.deps.store.db.insertInto('authentication_events').values(row).execute();
    return fromRow(row);
  }

  /** The row `record` writes (a statement that writes the activation's rows together inserts it itself). */
  rowOf(attempt: AuthenticationAttempt): AuthenticationEventTable {
    if (attempt.reason !== null && !isReasonCode(attempt.reason))
      throw new TypeError(`AuthenticationLog.record: "${attempt.reason}" is not a reason code`);
    return {
      id: this.deps.newId(),
      project_id: attempt.projectId.slice(0, MAX_TEXT),
      time: this.deps.now().toISOString(),
      outcome: attempt.outcome,
      reason: attempt.reason,
      platform_key_id: clip(attempt.platformKeyId),
      brand_key_id: clip(attempt.brandKeyId),
      user_id: clip(attempt.userId),
      vuid: clip(attempt.vuid),
      ip_hmac: this.hashIp(attempt.clientIp),
    };
  }

  /** Newest first; a Relay connection over the (project_id, time, id) index. */
  async list(projectId: string, filter: AuthenticationEventFilter = {}): Promise<Connection<AuthenticationEvent>> {
    const outcome = outcomeFilter(filter.outcome);
    const reason = reasonFilter(filter.reason);
    let query = this.deps.store.db.selectFrom('authentication_events').selectAll().where('project_id', '=', projectId);
    if (outcome) query = query.where('outcome', '=', outcome);
    if (reason) query = query.where('reason', '=', reason);
    return keysetConnection(query, filter, {
      order: { sort: 'time', id: 'id', direction: 'desc' },
      toNode: fromRow,
      ...(filter.totalCount ? { totalCount: true } : {}),
    });
  }

  /**
   * Successes and failures per bucket, every bucket of the range present (zeros included).
   * Grouping is by the first characters of the ISO-8601 text time (`substr` exists in SQLite
   * and PostgreSQL alike), so the database returns at most 2 rows per bucket, never the events.
   */
  async stats(projectId: string, range: StatsRange): Promise<StatsPoint[]> {
    const plan = planBuckets(range.from, range.to, range.bucket);
    // A literal length, so SELECT and GROUP BY are the same expression on PostgreSQL.
    const bucketKey = sql<string>`substr(${sql.ref('time')}, 1, ${sql.lit(plan.prefix)})`;
    const rows = await this.deps.store.db
      .selectFrom('authentication_events')
      .select([bucketKey.as('bucket'), 'outcome', sql<number | string>`count(*)`.as('count')])
      .where('project_id', '=', projectId)
      .where('time', '>=', plan.lower)
      .where('time', '<', plan.upper)
      .groupBy([bucketKey, 'outcome'])
      .execute();
    const points = new Map(plan.starts.map((start) => [start.slice(0, plan.prefix), { start, success: 0, failure: 0 }]));
    for (const row of rows) {
      const point = points.get(row.bucket);
      if (!point) continue;
      if (row.outcome === 'SUCCESS') point.success += Number(row.count);
      else point.failure += Number(row.count);
    }
    return [...points.values()];
  }

  /**
   * Deletes events older than their project's `auth_log_retention_days` (one statement per
   * distinct retention), and events of projects that no longer exist after the default 30 days.
   * Returns how many events were deleted.
   */
  async purgeExpired(): Promise<number> {
    const { db } = this.deps.store;
    const now = this.deps.now().getTime();
    const cutoff = (days: number) => new Date(now - days * DAY_MS).toISOString();
    const retentions = await db.selectFrom('projects').select('auth_log_retention_days').distinct().execute();
    let deleted = 0;
    for (const { auth_log_retention_days: days } of retentions) {
      const result = await db
        .deleteFrom('authentication_events')
        .where('time', '<', cutoff(days))
        .where('project_id', 'in', (eb) => eb.selectFrom('projects').select('id').where('auth_log_retention_days', '=', days))
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
    }
    const orphans = await db
      .deleteFrom('authentication_events')
      .where('time', '<', cutoff(DEFAULT_AUTH_LOG_RETENTION_DAYS))
      .where('project_id', 'not in', (eb) => eb.selectFrom('projects').select('id'))
      .executeTakeFirst();
    return deleted + Number(orphans.numDeletedRows);
  }
}
