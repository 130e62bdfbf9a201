import { sql } from 'kysely';
import type { Conversations } from '../conversations/conversations.js';
import type { EventBus } from '../realtime/event-bus.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { Store } from '../store/open-store.js';

/** What an erased visitor's messages read afterwards: the conversation keeps its shape, counts and times. */
export const ERASED_MESSAGE = '[erased at the user’s request]';
/** The sign-in lines that named the user (conversations/identity-lines.ts), with the userId left out. */
export const ERASED_SIGN_IN = 'Visitor signed in 🔒 (erased user)';

export interface UserEraseDeps {
  store: Store;
  sessions: SessionStore;
  conversations: Pick<Conversations, 'get'>;
  bus: EventBus;
  now: () => Date;
}

export interface ErasureResult {
  /** False when Parley held nothing of the user any more (erasing again is safe). */
  erased: boolean;
  /** Conversations whose visitor messages were erased. */
  conversations: number;
  /** Messages replaced by the tombstone. */
  messages: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/**
 * The right to be forgotten, for one verified user of a project, in one transaction: every session revoked (their
 * sockets close on every node); the user's profile, and the anonymous profiles of the browsers that signed in as
 * them, lose userId, visitorData and extId; their messages become a tombstone, and the sign-in lines that named them
 * lose the userId; authentication events and sessions keep no userId or vuid. Conversations, their sequence numbers,
 * counts and times stay for statistics. Safe to repeat.
 */
export async function userErase(deps: UserEraseDeps, projectId: string, userId: string): Promise<ErasureResult> {
  const { store } = deps;
  const result = await store.transaction(async () => {
    const db = store.db;
    const now = deps.now().toISOString();
    await deps.sessions.revokeUser(projectId, userId);
    const devices = (
      await db
        .selectFrom('visitor_sessions')
        .select('vuid')
        .distinct()
        .where('project_id', '=', projectId)
        .where('user_id', '=', userId)
        .execute()
    ).map((row) => row.vuid);
    const userProfile = await db
      .selectFrom('visitor_profiles')
      .select('id')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const deviceProfiles = devices.length
      ? (
          await db
            .selectFrom('visitors')
            .innerJoin('visitor_profiles', 'visitor_profiles.id', 'visitors.profile_id')
            .select('visitor_profiles.id')
            .where('visitors.vuid', 'in', devices)
            .where('visitor_profiles.user_id', 'is', null)
            .execute()
        ).map((row) => row.id)
      : [];
    const profileIds = [...new Set([...(userProfile ? [userProfile.id] : []), ...deviceProfiles])];
    const conversationIds = profileIds.length
      ? (await db.selectFrom('conversations').select('id').where('profile_id', 'in', profileIds).execute()).map((row) => row.id)
      : [];

    let messages = 0;
    if (conversationIds.length) {
      const erased = await db
        .updateTable('messages')
        .set({ text: ERASED_MESSAGE })
        .where('conversation_id', 'in', conversationIds)
        .where('author_kind', '=', 'visitor')
        .where('text', '!=', ERASED_MESSAGE)
        .executeTakeFirst();
      messages = Number(erased.numUpdatedRows);
    }
    // "Visitor signed in as <userId> 🔒", maybe "— continued in conversation …", in any conversation of the project.
    const line = `Visitor signed in as ${userId} 🔒`;
    const named = await db
      .updateTable('messages')
      .set({ text: ERASED_SIGN_IN })
      .where('author_kind', '=', 'system')
      .where('conversation_id', 'in', (eb) => eb.selectFrom('conversations').select('id').where('project_id', '=', projectId))
      .where((eb) =>
        eb.or([eb('text', '=', line), eb('text', 'like', sql<string>`${`${escapeLike(line)} — continued in conversation %`} ESCAPE '\\'`)]),
      )
      .executeTakeFirst();

    let profiles = 0;
    if (profileIds.length) {
      const cleared = await db
        .updateTable('visitor_profiles')
        .set({ user_id: null, visitor_data: null, ext_id: null, erased_at: now })
        .where('id', 'in', profileIds)
        .executeTakeFirst();
      profiles = Number(cleared.numUpdatedRows);
      await db.deleteFrom('visitor_transfers').where('profile_id', 'in', profileIds).execute();
    }
    const sessions = await db
      .updateTable('visitor_sessions')
      .set({ user_id: null })
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    const events = await db
      .updateTable('authentication_events')
      .set({ user_id: null, vuid: null })
      .where('project_id', '=', projectId)
      .where((eb) => eb.or([eb('user_id', '=', userId), ...(devices.length ? [eb('vuid', 'in', devices)] : [])]))
      .executeTakeFirst();

    const touched = profiles + messages + Number(named.numUpdatedRows) + Number(sessions.numUpdatedRows) + Number(events.numUpdatedRows);
    store.afterCommit(() => deps.bus.publish({ kind: 'profilesErased', profileIds }));
    return { erased: touched > 0, conversations: conversationIds.length, messages, conversationIds };
  });
  // Every desk shows the conversations again, as erased (their frames carry no userId any more).
  for (const id of result.conversationIds) deps.bus.publish({ kind: 'conversation', conversation: await deps.conversations.get(id) });
  await scrubFreedBytes(store);
  const { conversationIds: _, ...answer } = result;
  return answer;
}

/**
 * SQLite keeps deleted bytes in free pages, in the full-text index's old segments and in the WAL: with secure_delete
 * on (sqlite-database.ts) freed pages are zeroed, `optimize` rewrites the index without the erased words, and a
 * truncating checkpoint empties the WAL. PostgreSQL keeps dead row versions until VACUUM reuses their space; what
 * that guarantees is in docs/reference/data-retrieval.md.
 */
async function scrubFreedBytes(store: Store): Promise<void> {
  if (store.dialect !== 'sqlite') return;
  await sql`INSERT INTO messages_fts(messages_fts) VALUES ('optimize')`.execute(store.db);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
}
