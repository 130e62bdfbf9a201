import type { RealtimeMessage } from '@parley/protocol';
import type { ConversationTable, MessageTable } from '../store/schema.js';

export interface Conversation {
  id: string;
  projectId: string;
  profileId: string;
  status: 'open' | 'closed';
  assignedOperatorId: string | null;
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type AuthorKind = MessageTable['author_kind'];

export interface NewMessage {
  authorKind: AuthorKind;
  /** vuid for a visitor, operator id for an agent, null for a system line. */
  authorId: string | null;
  /** The sender's id for the message; null for a system line. */
  clientId: string | null;
  text: string;
  verified: boolean;
  brandKeyId: string | null;
  /** The verified user who wrote it (a verified visitor), named in its message.created webhook event. */
  userId?: string | null;
  /** Refuse with ConversationClosedError once the conversation is closed (a visitor's send), instead of appending. */
  whileOpen?: boolean;
  /**
   * Refuse with ConversationClosedError, too, once the conversation no longer belongs to this profile (a visitor's
   * send to the open conversation its socket remembers, which a sign-in may have moved to another profile since).
   */
  whileOfProfile?: string | null;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  author: { kind: AuthorKind; id: string | null };
  clientId: string | null;
  text: string;
  createdAt: string;
  /** Sent under a verified (authenticated) visitor session: the per-message padlock. */
  verified: boolean;
  brandKeyId: string | null;
}

export const conversationFromRow = (row: ConversationTable): Conversation => ({
  id: row.id,
  projectId: row.project_id,
  profileId: row.profile_id,
  status: row.status,
  assignedOperatorId: row.assigned_operator_id,
  lastSeq: Number(row.last_seq),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  closedAt: row.closed_at,
});

export const messageFromRow = (row: MessageTable): Message => ({
  id: row.id,
  conversationId: row.conversation_id,
  seq: Number(row.seq),
  author: { kind: row.author_kind, id: row.author_id === '' ? null : row.author_id },
  // Stored as the message's own id (or '' before December 2026) when the message has none: a system line.
  clientId: row.client_id === '' || row.client_id === row.id ? null : row.client_id,
  text: row.text,
  createdAt: row.created_at,
  verified: Boolean(row.verified),
  brandKeyId: row.brand_key_id,
});

/** The wire shape of a message (docs/protocol.md); an agent's `name` when given (realtime/author-names.ts). */
export const messageView = (message: Message, authorName?: string | null): RealtimeMessage => ({
  id: message.id,
  seq: message.seq,
  author: authorName ? { ...message.author, name: authorName } : message.author,
  text: message.text,
  createdAt: message.createdAt,
  clientId: message.clientId,
  verified: message.verified,
  brandKeyId: message.brandKeyId,
});
