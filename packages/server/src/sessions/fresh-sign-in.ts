import { CompiledQuery } from 'kysely';
import type { AuthenticationLog } from '../auth-log/authentication-log.js';
import { claimQuery, giveBack, postgresClaim } from '../credentials/database-replay-store.js';
import type { SingleUseClaim } from '../credentials/single-use.js';
import { newVuid } from '../identity/visitors.js';
import { revokedBrandKeysText } from '../projects/brand-keys.js';
import type { Store } from '../store/open-store.js';
import { preparedOnPostgres, sqliteParameters } from '../store/prepared-statements.js';
import { visitorAuthenticated } from '../webhooks/events.js';
import { postgresOutboxInsert, type WebhookOutbox } from '../webhooks/outbox.js';
import type { VisitorSession } from './session-store.js';

export interface FreshSignInDeps {
  store: Store;
  now: () => Date;
  /** Ids of profiles and sessions. */
  newId: () => string;
  authLog: Pick<AuthenticationLog, 'rowOf'>;
  outbox: Pick<WebhookOutbox, 'record' | 'rowsOf' | 'written'>;
  /** The single-use memory, told after each claim made here so that it forgets expired keys now and then. */
  replayStore: { forgetExpired(now: number): Promise<void> };
}

/** A verified user signing in from a browser that proved no earlier session: nothing to continue or revoke. */
export interface FreshSignInInput {
  projectId: string;
  userId: string;
  /** JSON of the brand's visitorData; null when it sent none (the profile keeps what it had). */
  visitorData: string | null;
  brandKeyId: string;
  platformKeyId: string;
  lifetimeSeconds: number;
  clientIp: string;
  /** The credentials' single use, claimed with the writes: they are spent only if the session is stored. */
  claim: SingleUseClaim;
  /**
   * When the credentials were verified with this node's copy of the brand keys: how many of the project's records
   * were revoked when the copy was read. The sign-in is written only if the count is the same then, so that no key
   * revoked since (on any node) opens a session. Null: the keys were read for this sign-in, as the general path does.
   */
  revokedBrandKeys: number | null;
}

/** Why a sign-in wrote nothing: a key of its claim was live, or a brand key of the project was revoked since the copy's read. */
export type FreshSignInRefusal = 'CREDENTIALS_REPLAYED' | 'BRAND_KEYS_CHANGED';

// SQLite's writes (PostgreSQL writes the same rows in its one statement below), turned into `?` texts once.
const PROFILE_UPSERT =
  sqliteParameters(`INSERT INTO visitor_profiles (id, project_id, user_id, created_at, visitor_data) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (project_id, user_id) DO UPDATE SET visitor_data = coalesce(excluded.visitor_data, visitor_profiles.visitor_data)
RETURNING id`);
const VISITOR_INSERT = sqliteParameters('INSERT INTO visitors (vuid, project_id, profile_id, created_at) VALUES ($1, $2, $3, $4)');
const SESSION_COLUMNS = 'id, project_id, vuid, profile_id, user_id, authenticated, brand_key_id, platform_key_id, created_at, expires_at';
const SESSION_INSERT = sqliteParameters(`INSERT INTO visitor_sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9)`);
const EVENT_COLUMNS = 'id, project_id, time, outcome, reason, platform_key_id, brand_key_id, user_id, vuid, ip_hmac';
const EVENT_INSERT = sqliteParameters(
  `INSERT INTO authentication_events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
);
const REVOKED_KEYS = sqliteParameters(`SELECT ${revokedBrandKeysText('$1')} AS revoked`);

/*
 * PostgreSQL: the whole sign-in as one statement in autocommit, one round trip instead of twelve (the claim's
 * BEGIN, INSERT, COMMIT; BEGIN, seven writes, COMMIT). The brand keys' check comes first, then the claim (of no
 * key when the check fails): the other writes happen only when both held. The profile's upsert locks it as the
 * general path's `SELECT … FOR UPDATE` does; the visitor, the session and the webhook rows take its id from the upsert.
 */
const POSTGRES_SIGN_IN = preparedOnPostgres(`WITH keys_current AS MATERIALIZED (
  SELECT $25::bigint IS NULL OR ${revokedBrandKeysText('$2')} = $25 AS current),
claim AS (${postgresClaim("(SELECT CASE WHEN current THEN $22::text[] ELSE '{}' END FROM keys_current)", '$23', '$24')}),
claimed AS MATERIALIZED (
  SELECT count(*) = cardinality($22::text[]) AND (SELECT current FROM keys_current) AS whole, array_agg(key) AS keys FROM claim),
profile AS (
  INSERT INTO visitor_profiles (id, project_id, user_id, created_at, visitor_data) SELECT $1, $2, $3, $4, $5 FROM claimed WHERE whole
  ON CONFLICT (project_id, user_id) DO UPDATE SET visitor_data = coalesce(excluded.visitor_data, visitor_profiles.visitor_data)
  RETURNING id),
visitor AS (INSERT INTO visitors (vuid, project_id, profile_id, created_at) SELECT $6, $2, id, $4 FROM profile),
session AS (INSERT INTO visitor_sessions (${SESSION_COLUMNS}) SELECT $7, $2, $6, id, $3, 1, $8, $9, $4, $10 FROM profile),
logged AS (
  INSERT INTO authentication_events (${EVENT_COLUMNS})
  SELECT $11, $12, $13, $14, $15, $16, $17, $18, $19, $20 FROM claimed WHERE whole),
delivery AS (${postgresOutboxInsert('$4', "(CASE WHEN (SELECT whole FROM claimed) THEN $21::jsonb ELSE '[]'::jsonb END)")} RETURNING 1)
SELECT (SELECT id FROM profile) AS id, (SELECT count(*) FROM delivery) AS deliveries, (SELECT keys FROM claimed) AS claimed,
  (SELECT current FROM keys_current) AS keys_current`);

/** Thrown inside SQLite's savepoint, so that it rolls back: no key stays taken. */
class Refused extends Error {
  constructor(readonly reason: FreshSignInRefusal) {
    super(reason);
  }
}

/**
 * The writes of the commonest activation, compiled once instead of built per call: the credentials' single-use
 * claim, the user's profile (created, or its visitorData refreshed), a new vuid, the session, the authentication
 * log's success and the `visitor.authenticated` webhook rows, all or none. The same rows as the general path of
 * `VisitorAuthentication` writes.
 */
export class FreshSignIn {
  constructor(private readonly deps: FreshSignInDeps) {}

  /** The stored session, or why nothing was written. */
  async write(input: FreshSignInInput): Promise<VisitorSession | FreshSignInRefusal> {
    const { deps } = this;
    const now = deps.now();
    const at = now.toISOString();
    const session: VisitorSession = {
      id: deps.newId(),
      projectId: input.projectId,
      vuid: newVuid(),
      profileId: deps.newId(),
      userId: input.userId,
      authenticated: true,
      brandKeyId: input.brandKeyId,
      platformKeyId: input.platformKeyId,
      createdAt: at,
      expiresAt: new Date(now.getTime() + input.lifetimeSeconds * 1000).toISOString(),
      revokedAt: null,
    };
    const event = deps.authLog.rowOf({
      projectId: input.projectId,
      clientIp: input.clientIp,
      outcome: 'SUCCESS',
      reason: null,
      platformKeyId: input.platformKeyId,
      brandKeyId: input.brandKeyId,
      userId: input.userId,
      vuid: session.vuid,
    });
    const eventValues = EVENT_COLUMNS.split(', ').map((column) => event[column as keyof typeof event]);
    const nowSeconds = Math.floor(now.getTime() / 1000);
    const profileId =
      deps.store.dialect === 'postgres'
        ? await this.writePostgres(input, session, eventValues, now, nowSeconds)
        : await this.writeSqlite(input, session, eventValues, nowSeconds);
    if (profileId === 'CREDENTIALS_REPLAYED' || profileId === 'BRAND_KEYS_CHANGED') return profileId;
    await deps.replayStore.forgetExpired(nowSeconds);
    // An existing profile keeps its id: the candidate made above is then unused.
    return { ...session, profileId };
  }

  private async writePostgres(
    input: FreshSignInInput,
    session: VisitorSession,
    eventValues: unknown[],
    now: Date,
    nowSeconds: number,
  ): Promise<string | FreshSignInRefusal> {
    const { store, outbox } = this.deps;
    const events = outbox.rowsOf([visitorAuthenticated(session, false)], now);
    const { claim } = input;
    const parameters = [
      session.profileId,
      input.projectId,
      input.userId,
      session.createdAt,
      input.visitorData,
      session.vuid,
      session.id,
      input.brandKeyId,
      input.platformKeyId,
      session.expiresAt,
      ...eventValues,
      JSON.stringify(events),
      claim.keys,
      claim.until,
      nowSeconds,
      input.revokedBrandKeys,
    ];
    const query = CompiledQuery.raw(POSTGRES_SIGN_IN, parameters);
    type Answer = { id: string | null; deliveries: string; claimed: string[] | null; keys_current: boolean };
    const row = (await store.db.executeQuery<Answer>(query)).rows[0];
    if (!row) throw new Error('the sign-in statement answered no row');
    if (!row.keys_current) return 'BRAND_KEYS_CHANGED';
    if (row.id === null) {
      await giveBack(store, row.claimed ?? [], claim.until);
      return 'CREDENTIALS_REPLAYED';
    }
    if (Number(row.deliveries) > 0) outbox.written();
    return row.id;
  }

  private async writeSqlite(
    input: FreshSignInInput,
    session: VisitorSession,
    eventValues: unknown[],
    nowSeconds: number,
  ): Promise<string | FreshSignInRefusal> {
    const { store, outbox } = this.deps;
    const run = <R>(text: string, parameters: unknown[]) => store.db.executeQuery<R>(CompiledQuery.raw(text, parameters));
    const { projectId, userId, claim } = input;
    try {
      return await store.groupedTransaction(async () => {
        if (input.revokedBrandKeys !== null) {
          const revoked = await run<{ revoked: number }>(REVOKED_KEYS, [projectId]);
          if (revoked.rows[0]?.revoked !== input.revokedBrandKeys) throw new Refused('BRAND_KEYS_CHANGED');
        }
        const claimed = await store.db.executeQuery(claimQuery('sqlite', claim.keys, claim.until, nowSeconds));
        if (claimed.rows.length !== claim.keys.length) throw new Refused('CREDENTIALS_REPLAYED');
        const upserted = await run<{ id: string }>(PROFILE_UPSERT, [
          session.profileId,
          projectId,
          userId,
          session.createdAt,
          input.visitorData,
        ]);
        const profileId = upserted.rows[0]?.id;
        if (!profileId) throw new Error(`the profile of a user of project ${projectId} could not be written`);
        await run(VISITOR_INSERT, [session.vuid, projectId, profileId, session.createdAt]);
        const { brandKeyId, platformKeyId } = input;
        await run(SESSION_INSERT, [
          session.id,
          projectId,
          session.vuid,
          profileId,
          userId,
          brandKeyId,
          platformKeyId,
          session.createdAt,
          session.expiresAt,
        ]);
        await run(EVENT_INSERT, eventValues);
        await outbox.record([visitorAuthenticated(session, false)]);
        return profileId;
      });
    } catch (error) {
      if (error instanceof Refused) return error.reason;
      throw error;
    }
  }
}
