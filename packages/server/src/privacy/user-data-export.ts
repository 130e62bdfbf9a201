import { messageFromRow } from '../conversations/types.js';
import type { Store } from '../store/open-store.js';
import { userFootprint } from './user-profiles.js';

/** Version of the export's shape (docs/reference/data-retrieval.md): raised on any change a reader could trip over. */
export const USER_DATA_EXPORT_VERSION = 1;

/**
 * Everything Parley holds about one verified user of a project, as one JSON-ready document: the profile and its
 * visitorData, the devices (vuids) and sessions that signed in as the user, the anonymous profiles of those devices
 * (with the brand's unverified extId), every conversation of those profiles with
 * all of its messages (the agents' replies included: they are part of the user's conversations), and the
 * authentication events that name the user. Empty lists and a null profile when Parley holds nothing.
 */
export async function userDataExport(store: Store, now: Date, projectId: string, userId: string) {
  const db = store.db;
  const profile = await db
    .selectFrom('visitor_profiles')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const sessions = await db
    .selectFrom('visitor_sessions')
    .select(['id', 'vuid', 'created_at', 'expires_at', 'revoked_at', 'brand_key_id'])
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const events = await db
    .selectFrom('authentication_events')
    .select(['time', 'outcome', 'reason', 'vuid', 'brand_key_id', 'platform_key_id', 'ip_hmac'])
    .where('project_id', '=', projectId)
    .where('user_id', '=', userId)
    .orderBy('time')
    .execute();
  const footprint = await userFootprint(store, projectId, userId);
  const anonymousProfiles = footprint.profileIds.length
    ? await db
        .selectFrom('visitor_profiles')
        .select(['id', 'created_at', 'ext_id'])
        .where('id', 'in', footprint.profileIds)
        .where('user_id', 'is', null)
        .execute()
    : [];
  const conversations = footprint.profileIds.length
    ? await db.selectFrom('conversations').selectAll().where('profile_id', 'in', footprint.profileIds).orderBy('created_at').execute()
    : [];
  const messages = conversations.length
    ? await db
        .selectFrom('messages')
        .selectAll()
        .where(
          'conversation_id',
          'in',
          conversations.map((conversation) => conversation.id),
        )
        .orderBy('conversation_id')
        .orderBy('seq')
        .execute()
    : [];
  return {
    version: USER_DATA_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    projectId,
    userId,
    profile: profile
      ? {
          id: profile.id,
          createdAt: profile.created_at,
          visitorData: profile.visitor_data ? (JSON.parse(profile.visitor_data) as unknown) : null,
        }
      : null,
    devices: footprint.devices,
    /** What the user's browsers did before signing in: the brand's unverified extId, if it set one. */
    anonymousProfiles: anonymousProfiles.map((anonymous) => ({
      id: anonymous.id,
      createdAt: anonymous.created_at,
      extId: anonymous.ext_id,
    })),
    sessions: sessions.map((session) => ({
      createdAt: session.created_at,
      expiresAt: session.expires_at,
      revokedAt: session.revoked_at,
      vuid: session.vuid,
      brandKeyId: session.brand_key_id,
    })),
    conversations: conversations.map((conversation) => ({
      id: conversation.id,
      status: conversation.status,
      createdAt: conversation.created_at,
      closedAt: conversation.closed_at,
      messages: messages
        .filter((row) => row.conversation_id === conversation.id)
        .map(messageFromRow)
        .map((message) => ({
          id: message.id,
          seq: message.seq,
          createdAt: message.createdAt,
          author: message.author,
          text: message.text,
          verified: message.verified,
        })),
    })),
    authenticationEvents: events.map((event) => ({
      time: event.time,
      outcome: event.outcome,
      reason: event.reason,
      vuid: event.vuid,
      brandKeyId: event.brand_key_id,
      platformKeyId: event.platform_key_id,
      // A keyed hash of the address: it groups attempts, and no one can read the address back without the server's secret.
      ipHmac: event.ip_hmac,
    })),
  };
}

export type UserDataExport = Awaited<ReturnType<typeof userDataExport>>;
