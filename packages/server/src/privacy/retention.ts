import type { Store } from '../store/open-store.js';
import { deleteDeliveriesAbout } from '../webhooks/forget-deliveries.js';

const DAY_MS = 86_400_000;
/** Rows purged per project and kind in one run: the next hourly run takes the rest, so no run holds the database long. */
const BATCH = 500;

export interface Purged {
  conversations: number;
  profiles: number;
}

const cutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

/**
 * The hourly housekeeping of each project's retention: closed conversations (with their messages) `conversation`
 * days after they closed, and anonymous profiles that never started a conversation and hold no live session
 * `anonymousProfile` days after they began (with their browsers' vuids, unless one is signed in still). Open
 * conversations are kept whole: a visitor's history never loses its
 * beginning while it goes on.
 */
export async function purgeByRetention(store: Store, now: Date): Promise<Purged> {
  const projects = await store.db
    .selectFrom('projects')
    .select(['id', 'conversation_retention_days', 'anonymous_profile_retention_days'])
    .where((eb) => eb.or([eb('conversation_retention_days', 'is not', null), eb('anonymous_profile_retention_days', 'is not', null)]))
    .execute();
  const purged: Purged = { conversations: 0, profiles: 0 };
  for (const project of projects) {
    if (project.conversation_retention_days !== null)
      purged.conversations += await purgeConversations(store, project.id, cutoff(now, project.conversation_retention_days));
    if (project.anonymous_profile_retention_days !== null)
      purged.profiles += await purgeAnonymousProfiles(store, project.id, cutoff(now, project.anonymous_profile_retention_days), now);
  }
  return purged;
}

async function purgeConversations(store: Store, projectId: string, before: string): Promise<number> {
  return store.transaction(async () => {
    const expired = store.db
      .selectFrom('conversations')
      .select('id')
      .where('project_id', '=', projectId)
      .where('status', '=', 'closed')
      .where('closed_at', '<', before)
      .orderBy('id')
      .limit(BATCH);
    // Locked (PostgreSQL) until they are gone: a reopen or a send waits and then finds no conversation, and one that
    // committed first took it out of the choice — never a reopened conversation, with acknowledged messages, erased.
    // In id order, as the group commit locks conversations. SQLite runs one write transaction at a time anyway.
    const ids = (await (store.dialect === 'postgres' ? expired.forUpdate() : expired).execute()).map((row) => row.id);
    if (ids.length === 0) return 0;
    // Messages first, by name: their full-text index follows their deletes (a trigger on SQLite).
    await store.db.deleteFrom('messages').where('conversation_id', 'in', ids).execute();
    await store.db.deleteFrom('conversations').where('id', 'in', ids).execute();
    await deleteDeliveriesAbout(store, projectId, { conversationIds: ids });
    return ids.length;
  });
}

async function purgeAnonymousProfiles(store: Store, projectId: string, before: string, now: Date): Promise<number> {
  return store.transaction(async () => {
    const ids = (
      await store.db
        .selectFrom('visitor_profiles as profile')
        .select('profile.id')
        .where('profile.project_id', '=', projectId)
        .where('profile.user_id', 'is', null)
        .where('profile.created_at', '<', before)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('conversations').select('conversations.id').whereRef('conversations.profile_id', '=', 'profile.id'))),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('visitor_sessions')
                .select('visitor_sessions.id')
                // Its own sessions, or a signed-in session of one of its browsers (which still answers to the vuid).
                .where((eb) =>
                  eb.or([
                    eb('visitor_sessions.profile_id', '=', eb.ref('profile.id')),
                    eb(
                      'visitor_sessions.vuid',
                      'in',
                      eb.selectFrom('visitors').select('visitors.vuid').whereRef('visitors.profile_id', '=', 'profile.id'),
                    ),
                  ]),
                )
                .where('visitor_sessions.revoked_at', 'is', null)
                .where('visitor_sessions.expires_at', '>', now.toISOString()),
            ),
          ),
        )
        .limit(BATCH)
        .execute()
    ).map((row) => row.id);
    if (ids.length === 0) return 0;
    await store.db.deleteFrom('visitor_transfers').where('profile_id', 'in', ids).execute();
    await store.db.deleteFrom('visitor_sessions').where('profile_id', 'in', ids).execute();
    await store.db.deleteFrom('visitors').where('profile_id', 'in', ids).execute();
    await store.db.deleteFrom('visitor_profiles').where('id', 'in', ids).execute();
    return ids.length;
  });
}
