import { sql } from 'kysely';
import type { Conversations } from '../conversations/conversations.js';
import type { EventBus } from '../realtime/event-bus.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { Store } from '../store/open-store.js';
import { deleteDeliveriesAbout } from '../webhooks/forget-deliveries.js';
import type { WebhookOutbox } from '../webhooks/outbox.js';
import { userFootprint } from './user-profiles.js';

/** What an erased visitor's messages read afterwards: the conversation keeps its shape, counts and times. */
export const ERASED_MESSAGE = '[erased at the user’s request]';
/** The sign-in lines that named the user (conversations/identity-lines.ts), with the userId left out. */
export const ERASED_SIGN_IN = 'Visitor signed in 🔒 (erased user)';
/**
 * A message the user's socket sent while the erasure committed (or before the revocation reached its node) is
 * swept by a second pass this long after.
 */
const LATE_SWEEP_MS = 1000;

export interface UserEraseDeps {
  store: Store;
  sessions: SessionStore;
  conversations: Pick<Conversations, 'get'>;
  bus: EventBus;
  now: () => Date;
  webhooks: { outbox: Pick<WebhookOutbox, 'record'> };
}

export interface ErasureResult {
  /** False when Parley held nothing of the user any more (erasing again is safe). */
  erased: boolean;
  /** Conversations whose visitor messages were erased. */
  conversations: number;
  /** Messages replaced by the tombstone. */
  messages: number;
}

/**
 * The right to be forgotten, for one verified user of a project: every session revoked (their sockets close on every
 * node); the user's profile, and the anonymous profiles of the browsers that signed in as them, lose userId,
 * visitorData and extId; their messages become a tombstone, and the sign-in lines that named them lose the userId;
 * authentication events and sessions keep no userId or vuid. Conversations, their sequence numbers, counts and times
 * stay for statistics. Safe to repeat.
 */
export async function userErase(deps: UserEraseDeps, projectId: string, userId: string): Promise<ErasureResult> {
  const { store } = deps;
  const result = await store.transaction(async () => {
    const db = store.db;
    const now = deps.now().toISOString();
    const { profileIds, devices } = await userFootprint(store, projectId, userId, true);
    await deps.sessions.revokeUser(projectId, userId);
    const { conversationIds, messages } = await tombstone(store, profileIds);
    const named = await rewriteSignInLines(store, projectId, userId);
    let profiles = 0;
    if (profileIds.length) {
      const cleared = await db
        .updateTable('visitor_profiles')
        .set({ user_id: null, visitor_data: null, ext_id: null, erased_at: now })
        .where('id', 'in', profileIds)
        .where('erased_at', 'is', null)
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
    const deliveries = await deleteDeliveriesAbout(store, projectId, { userId, conversationIds });
    const touched = profiles + messages + named + Number(sessions.numUpdatedRows) + Number(events.numUpdatedRows) + deliveries;
    if (touched > 0) {
      // Names the user until it is delivered; then its stored copy is blanked (webhooks/dispatcher.ts).
      const data = { projectId, userId, conversations: conversationIds.length, messages };
      await deps.webhooks.outbox.record([{ type: 'user.erased', projectId, orderingKey: null, userId, conversationOf: null, data }]);
    }
    store.afterCommit(() => deps.bus.publish({ kind: 'profilesErased', profileIds }));
    return { erased: touched > 0, conversations: conversationIds.length, messages, profileIds };
  });
  await new Promise((resolve) => setTimeout(resolve, LATE_SWEEP_MS));
  const late = await store.transaction(async () => {
    const swept = await tombstone(store, result.profileIds);
    await deleteDeliveriesAbout(store, projectId, { userId, conversationIds: swept.conversationIds });
    return swept;
  });
  // Every desk shows the conversations again, as erased (their frames carry no userId any more).
  for (const id of late.conversationIds) deps.bus.publish({ kind: 'conversation', conversation: await deps.conversations.get(id) });
  await scrubFreedBytes(store);
  return {
    erased: result.erased || late.messages > 0,
    conversations: late.conversationIds.length,
    messages: result.messages + late.messages,
  };
}

/** The visitor messages of the profiles' conversations become the tombstone; answers the conversations and how many. */
async function tombstone(store: Store, profileIds: readonly string[]): Promise<{ conversationIds: string[]; messages: number }> {
  if (profileIds.length === 0) return { conversationIds: [], messages: 0 };
  const conversationIds = (await store.db.selectFrom('conversations').select('id').where('profile_id', 'in', profileIds).execute()).map(
    (row) => row.id,
  );
  if (conversationIds.length === 0) return { conversationIds, messages: 0 };
  const erased = await store.db
    .updateTable('messages')
    .set({ text: ERASED_MESSAGE })
    .where('conversation_id', 'in', conversationIds)
    .where('author_kind', '=', 'visitor')
    .where('text', '!=', ERASED_MESSAGE)
    .executeTakeFirst();
  return { conversationIds, messages: Number(erased.numUpdatedRows) };
}

/**
 * "Visitor signed in as <userId> 🔒", maybe "— continued in conversation …", in any conversation of the project.
 * Compared exactly (SQLite's LIKE ignores case: erasing "caseuser" must not touch CaseUser's line).
 */
async function rewriteSignInLines(store: Store, projectId: string, userId: string): Promise<number> {
  const line = `Visitor signed in as ${userId} 🔒`;
  const continued = `${line} — continued in conversation `;
  const updated = await store.db
    .updateTable('messages')
    .set({ text: ERASED_SIGN_IN })
    .where('author_kind', '=', 'system')
    .where('conversation_id', 'in', (eb) => eb.selectFrom('conversations').select('id').where('project_id', '=', projectId))
    .where((eb) => eb.or([eb('text', '=', line), eb(sql`substr(text, 1, ${[...continued].length})`, '=', continued)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows);
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
