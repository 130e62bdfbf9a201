import type { UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Store } from '../store/open-store.js';
import type { Database, VisitorSessionTable } from '../store/schema.js';

type SessionUpdate = UpdateQueryBuilder<Database, 'visitor_sessions', 'visitor_sessions', UpdateResult>;

export interface VisitorSession {
  id: string;
  projectId: string;
  vuid: string;
  profileId: string;
  userId: string | null;
  authenticated: boolean;
  brandKeyId: string | null;
  platformKeyId: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type NewVisitorSession = Omit<VisitorSession, 'id' | 'createdAt' | 'expiresAt' | 'revokedAt'> & { lifetimeSeconds: number };

export interface SessionStoreDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

const fromRow = (row: VisitorSessionTable): VisitorSession => ({
  id: row.id,
  projectId: row.project_id,
  vuid: row.vuid,
  profileId: row.profile_id,
  userId: row.user_id,
  authenticated: Boolean(row.authenticated),
  brandKeyId: row.brand_key_id,
  platformKeyId: row.platform_key_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/**
 * Visitor sessions in the database, so every node sees a revocation at once. Listeners hear
 * revocations made on this node (the realtime gateway closes the sockets of those sessions).
 */
export class SessionStore {
  private readonly revokedListeners = new Set<(sessionIds: readonly string[]) => void>();

  constructor(private readonly deps: SessionStoreDeps) {}

  async create(session: NewVisitorSession): Promise<VisitorSession> {
    const now = this.deps.now();
    const row: VisitorSessionTable = {
      id: this.deps.newId(),
      project_id: session.projectId,
      vuid: session.vuid,
      profile_id: session.profileId,
      user_id: session.userId,
      authenticated: session.authenticated ? 1 : 0,
      brand_key_id: session.brandKeyId,
      platform_key_id: session.platformKeyId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + session.lifetimeSeconds * 1000).toISOString(),
      revoked_at: null,
    };
    await this.deps.store.db.insertInto('visitor_sessions').values(row).execute();
    return fromRow(row);
  }

  async find(id: string): Promise<VisitorSession | null> {
    const row = await this.deps.store.db.selectFrom('visitor_sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** The sessions among `ids` that have ended (revoked, expired or unknown), read 500 at a time. */
  async endedAmong(ids: readonly string[]): Promise<ReadonlySet<string>> {
    const now = this.deps.now().toISOString();
    const live = new Set<string>();
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await this.deps.store.db
        .selectFrom('visitor_sessions')
        .select('id')
        .where('id', 'in', ids.slice(start, start + 500))
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .execute();
      for (const row of rows) live.add(row.id);
    }
    return new Set(ids.filter((id) => !live.has(id)));
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.deps.store.db
      .updateTable('visitor_sessions')
      .set({ revoked_at: this.deps.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const revoked = Number(result.numUpdatedRows) > 0;
    if (revoked) this.deps.store.afterCommit(() => this.emitRevoked([id]));
    return revoked;
  }

  /** Ends every live session of a visitor (sign-in revokes the anonymous sessions of that browser). */
  async revokeVisitor(vuid: string): Promise<number> {
    return (await this.revokeWhere((query) => query.where('vuid', '=', vuid))).length;
  }

  /** Ends every live session of a user (back-channel logout); answers the ids of those that were live. */
  async revokeUser(projectId: string, userId: string): Promise<string[]> {
    return this.revokeWhere((query) => query.where('project_id', '=', projectId).where('user_id', '=', userId));
  }

  private async revokeWhere(filter: (query: SessionUpdate) => SessionUpdate): Promise<string[]> {
    const now = this.deps.now().toISOString();
    const update = this.deps.store.db.updateTable('visitor_sessions').set({ revoked_at: now });
    const rows = await filter(update).where('revoked_at', 'is', null).where('expires_at', '>', now).returning('id').execute();
    // Told once committed: a revocation rolled back (the database failed) must not close sockets of a live session.
    const ids = rows.map((row) => row.id);
    if (ids.length > 0) this.deps.store.afterCommit(() => this.emitRevoked(ids));
    return ids;
  }

  onRevoked(listener: (sessionIds: readonly string[]) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  private emitRevoked(ids: readonly string[]): void {
    for (const listener of this.revokedListeners) listener(ids);
  }
}
