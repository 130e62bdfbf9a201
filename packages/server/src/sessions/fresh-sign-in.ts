import { CompiledQuery } from 'kysely';
import type { AuthenticationLog } from '../auth-log/authentication-log.js';
import { newVuid } from '../identity/visitors.js';
import type { Store } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
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
}

/** A verified user signing in from a browser that proved no earlier session: nothing to claim, continue or revoke. */
export interface FreshSignInInput {
  projectId: string;
  userId: string;
  /** JSON of the brand's visitorData; null when it sent none (the profile keeps what it had). */
  visitorData: string | null;
  brandKeyId: string;
  platformKeyId: string;
  lifetimeSeconds: number;
  clientIp: string;
}

const PROFILE_UPSERT = `INSERT INTO visitor_profiles (id, project_id, user_id, created_at, visitor_data) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (project_id, user_id) DO UPDATE SET visitor_data = coalesce(excluded.visitor_data, visitor_profiles.visitor_data)
RETURNING id`;
const VISITOR_INSERT = 'INSERT INTO visitors (vuid, project_id, profile_id, created_at) VALUES ($1, $2, $3, $4)';
const SESSION_COLUMNS = 'id, project_id, vuid, profile_id, user_id, authenticated, brand_key_id, platform_key_id, created_at, expires_at';
const SESSION_INSERT = `INSERT INTO visitor_sessions (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9)`;
const EVENT_COLUMNS = 'id, project_id, time, outcome, reason, platform_key_id, brand_key_id, user_id, vuid, ip_hmac';
const EVENT_INSERT = `INSERT INTO authentication_events (${EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/** SQLite numbers its parameters `?`, in order: each statement above names each one once, in order. */
const sqlite = (text: string): string => text.replace(/\$\d+/g, '?');

/*
 * PostgreSQL: the whole sign-in as one statement in autocommit, one round trip instead of nine (BEGIN, seven
 * writes, COMMIT). The profile's upsert locks it as the transactional path's `SELECT … FOR UPDATE` does; the
 * visitor, the session and the webhook rows take its id from the upsert.
 */
const POSTGRES_SIGN_IN = preparedOnPostgres(`WITH profile AS (
  INSERT INTO visitor_profiles (id, project_id, user_id, created_at, visitor_data) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (project_id, user_id) DO UPDATE SET visitor_data = coalesce(excluded.visitor_data, visitor_profiles.visitor_data)
  RETURNING id),
visitor AS (INSERT INTO visitors (vuid, project_id, profile_id, created_at) SELECT $6, $2, id, $4 FROM profile),
session AS (INSERT INTO visitor_sessions (${SESSION_COLUMNS}) SELECT $7, $2, $6, id, $3, 1, $8, $9, $4, $10 FROM profile),
logged AS (INSERT INTO authentication_events (${EVENT_COLUMNS}) VALUES ($11, $12, $13, $14, $15, $16, $17, $18, $19, $20)),
delivery AS (${postgresOutboxInsert('$4', '$21')} RETURNING 1)
SELECT (SELECT id FROM profile) AS id, (SELECT count(*) FROM delivery) AS deliveries`);

/**
 * The writes of the commonest activation, compiled once instead of built per call: the user's profile (created,
 * or its visitorData refreshed), a new vuid, the session, the authentication log's success and the
 * `visitor.authenticated` webhook rows. The same rows as the general path of `VisitorAuthentication` writes.
 */
export class FreshSignIn {
  constructor(private readonly deps: FreshSignInDeps) {}

  async write(input: FreshSignInInput): Promise<VisitorSession> {
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
    const profileId =
      deps.store.dialect === 'postgres'
        ? await this.writePostgres(input, session, eventValues, now)
        : await this.writeSqlite(input, session, eventValues);
    // An existing profile keeps its id: the candidate made above is then unused.
    return { ...session, profileId };
  }

  private async writePostgres(input: FreshSignInInput, session: VisitorSession, eventValues: unknown[], now: Date): Promise<string> {
    const { store, outbox } = this.deps;
    const events = outbox.rowsOf([visitorAuthenticated(session, false)], now);
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
    ];
    const query = CompiledQuery.raw(POSTGRES_SIGN_IN, parameters);
    const row = (await store.db.executeQuery<{ id: string | null; deliveries: string }>(query)).rows[0];
    if (!row?.id) throw new Error(`the profile of a user of project ${input.projectId} could not be written`);
    if (Number(row.deliveries) > 0) outbox.written();
    return row.id;
  }

  private async writeSqlite(input: FreshSignInInput, session: VisitorSession, eventValues: unknown[]): Promise<string> {
    const { store, outbox } = this.deps;
    const run = <R>(text: string, parameters: unknown[]) => store.db.executeQuery<R>(CompiledQuery.raw(sqlite(text), parameters));
    const { projectId, userId } = input;
    return store.groupedTransaction(async () => {
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
  }
}
