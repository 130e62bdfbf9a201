import { randomBytes } from 'node:crypto';
import type { VisitorData } from '@parley/protocol';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import { unstorableText } from './storable-text.js';

export interface Visitor {
  vuid: string;
  projectId: string;
  profileId: string;
  /** The verified userId of the visitor's profile; null for an anonymous one. */
  userId: string | null;
}

export interface VisitorProfile {
  id: string;
  /** The verified userId; null for an anonymous visitor. */
  userId: string | null;
  /** What the brand vouched for in the credentials (authenticated profiles). */
  visitorData: VisitorData | null;
  /** Unverified, shown as such; only on anonymous profiles. */
  extId: string | null;
  /** userErase removed its identity and data. */
  erased: boolean;
}

export interface VisitorDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
}

const VUID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** A vuid is 128 random bits, base64url: an id, never a proof (spec §5.2). */
export const newVuid = (): string => randomBytes(16).toString('base64url');

export const isWellFormedVuid = (value: unknown): value is string => typeof value === 'string' && VUID_PATTERN.test(value);

/**
 * Visitors (one per browser, by vuid) and their profiles: anonymous (one per visitor) or
 * authenticated (one per project and userId, shared by all of that user's devices).
 */
export class Visitors {
  constructor(private readonly deps: VisitorDeps) {}

  async find(vuid: string): Promise<Visitor | null> {
    const row = await this.deps.store.db
      .selectFrom('visitors')
      .innerJoin('visitor_profiles', 'visitor_profiles.id', 'visitors.profile_id')
      .select(['visitors.vuid', 'visitors.project_id', 'visitors.profile_id', 'visitor_profiles.user_id'])
      .where('visitors.vuid', '=', vuid)
      .executeTakeFirst();
    return row ? { vuid: row.vuid, projectId: row.project_id, profileId: row.profile_id, userId: row.user_id } : null;
  }

  /** A profile as the desk shows it: verified userId and visitorData, or the brand's unverified extId. */
  async profile(profileId: string): Promise<VisitorProfile | null> {
    return (await this.profiles([profileId])).get(profileId) ?? null;
  }

  /** A verified user's profile in a project, or null when the project has none for that userId. */
  async profileOfUser(projectId: string, userId: string): Promise<VisitorProfile | null> {
    const row = await this.deps.store.db
      .selectFrom('visitor_profiles')
      .select('id')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? this.profile(row.id) : null;
  }

  /** Several profiles in one query, keyed by id (unknown ids are absent). */
  async profiles(profileIds: readonly string[]): Promise<Map<string, VisitorProfile>> {
    if (profileIds.length === 0) return new Map();
    const rows = await this.deps.store.db.selectFrom('visitor_profiles').selectAll().where('id', 'in', profileIds).execute();
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          userId: row.user_id,
          visitorData: row.visitor_data ? (JSON.parse(row.visitor_data) as VisitorData) : null,
          extId: row.user_id === null ? row.ext_id : null,
          erased: row.erased_at !== null,
        },
      ]),
    );
  }

  /**
   * Records the brand's unverified extId (≤ 50 characters) on an anonymous profile. During an
   * authenticated session it is ignored (spec §6.6): answers whether it was kept.
   */
  async setExtId(profileId: string, extId: string): Promise<boolean> {
    const trimmed = extId.trim();
    if (trimmed.length === 0 || [...trimmed].length > 50) throw new ApiError('VALIDATION_FAILED', 'extId: 1 to 50 characters');
    const unstorable = unstorableText(trimmed);
    if (unstorable) throw new ApiError('VALIDATION_FAILED', `extId: ${unstorable}`);
    const result = await this.deps.store.db
      .updateTable('visitor_profiles')
      .set({ ext_id: trimmed })
      .where('id', '=', profileId)
      .where('user_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The verified userId of a profile (null for an anonymous one); it changes only when userErase removes it. */
  async userIdOfProfile(profileId: string): Promise<string | null> {
    const row = await this.deps.store.db.selectFrom('visitor_profiles').select('user_id').where('id', '=', profileId).executeTakeFirst();
    return row?.user_id ?? null;
  }

  /** A new visitor with its own anonymous profile. */
  async createAnonymous(projectId: string): Promise<Visitor> {
    const createdAt = this.deps.now().toISOString();
    const visitor: Visitor = { vuid: newVuid(), projectId, profileId: this.deps.newId(), userId: null };
    await this.deps.store.transaction(async () => {
      const trx = this.deps.store.db;
      await trx
        .insertInto('visitor_profiles')
        .values({ id: visitor.profileId, project_id: projectId, user_id: null, created_at: createdAt })
        .execute();
      await trx
        .insertInto('visitors')
        .values({ vuid: visitor.vuid, project_id: projectId, profile_id: visitor.profileId, created_at: createdAt })
        .execute();
    });
    return visitor;
  }

  /** Binds the visitor `vuid` (a new one when null) to the user's profile, creating either as needed. */
  async signIn(projectId: string, userId: string, vuid: string | null, visitorData: VisitorData | null = null): Promise<Visitor> {
    const profileId = await this.profileOf(projectId, userId);
    const { db } = this.deps.store;
    // The desk shows what the brand vouched for last.
    if (visitorData && Object.keys(visitorData).length > 0)
      await db
        .updateTable('visitor_profiles')
        .set({ visitor_data: JSON.stringify(visitorData) })
        .where('id', '=', profileId)
        .execute();
    if (vuid !== null) {
      await db.updateTable('visitors').set({ profile_id: profileId }).where('vuid', '=', vuid).execute();
      return { vuid, projectId, profileId, userId };
    }
    const visitor: Visitor = { vuid: newVuid(), projectId, profileId, userId };
    await db
      .insertInto('visitors')
      .values({ vuid: visitor.vuid, project_id: projectId, profile_id: profileId, created_at: this.deps.now().toISOString() })
      .execute();
    return visitor;
  }

  /**
   * Holds the user's profile row until the transaction ends (PostgreSQL; SQLite runs one transaction at a time): a
   * logout or revocation of the user then commits before or after a sign-in of theirs, never in between, so their
   * webhook events keep the order of the changes.
   */
  async lockUser(projectId: string, userId: string): Promise<void> {
    const { store } = this.deps;
    if (store.dialect !== 'postgres') return;
    await store.db
      .selectFrom('visitor_profiles')
      .select('id')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .forUpdate()
      .execute();
  }

  /**
   * The profile of (project, userId); concurrent first sign-ins on several devices agree on one. On PostgreSQL the row
   * stays locked until the sign-in commits: an erasure of the user (which locks it too) runs before or after, never
   * in between, so no session is bound to a profile being erased.
   */
  private async profileOf(projectId: string, userId: string): Promise<string> {
    const { store } = this.deps;
    const { db } = store;
    const find = () => {
      const query = db.selectFrom('visitor_profiles').select('id').where('project_id', '=', projectId).where('user_id', '=', userId);
      return (store.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    };
    const existing = await find();
    if (existing) return existing.id;
    const created = await db
      .insertInto('visitor_profiles')
      .values({ id: this.deps.newId(), project_id: projectId, user_id: userId, created_at: this.deps.now().toISOString() })
      .onConflict((conflict) => conflict.columns(['project_id', 'user_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    const row = created ?? (await find());
    if (!row) throw new Error(`the profile of a user of project ${projectId} could not be created`);
    return row.id;
  }
}
