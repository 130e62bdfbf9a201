import type { ReasonCode } from '@parley/protocol';
import type { Conversation, Message } from '../conversations/types.js';
import type { VisitorSession } from '../sessions/session-store.js';
import type { WebhookEventType } from './event-types.js';

/** An event as the outbox takes it: its body is built once and signed as is on every attempt. */
export interface WebhookEvent {
  type: WebhookEventType;
  projectId: string;
  /**
   * Events of one key reach each endpoint in order: a conversation's id for its events, `user:<userId>` for a user's
   * visitor.* events; null for events that need no order.
   */
  orderingKey: string | null;
  /** The verified user it concerns, if any: userErase removes the stored events that name them. */
  userId: string | null;
  /** A conversation whose verified user, if any, the event names when `userId` is null (looked up as it is written). */
  conversationOf: string | null;
  data: Record<string, unknown>;
}

/** A conversation as every conversation.* event carries it. */
export const conversationData = (conversation: Conversation) => ({
  id: conversation.id,
  status: conversation.status,
  assigneeId: conversation.assignedOperatorId,
  createdAt: conversation.createdAt,
  closedAt: conversation.closedAt,
});

export function conversationEvent(
  type: 'conversation.created' | 'conversation.closed' | 'conversation.reopened' | 'conversation.assigned',
  conversation: Conversation,
  userId: string | null,
): WebhookEvent {
  const data = {
    projectId: conversation.projectId,
    conversationId: conversation.id,
    conversation: conversationData(conversation),
    ...(userId ? { userId } : {}),
  };
  return { type, projectId: conversation.projectId, orderingKey: conversation.id, userId, conversationOf: conversation.id, data };
}

/**
 * `userId`: the verified visitor who wrote it, when they did; else the outbox names the conversation's verified user
 * (an agent's reply to a signed-in user, a system line in their conversation).
 */
export function messageCreated(conversation: Conversation, message: Message, userId: string | null): WebhookEvent {
  const author = message.author.kind === 'system' ? { kind: 'system' } : message.author;
  const data = {
    projectId: conversation.projectId,
    conversationId: conversation.id,
    message: { id: message.id, seq: message.seq, text: message.text, author, verified: message.verified, createdAt: message.createdAt },
    ...(userId ? { userId } : {}),
  };
  return {
    type: 'message.created',
    projectId: conversation.projectId,
    orderingKey: conversation.id,
    userId,
    conversationOf: conversation.id,
    data,
  };
}

export const visitorAuthenticated = (
  session: Pick<VisitorSession, 'id' | 'projectId' | 'userId' | 'brandKeyId' | 'expiresAt'>,
  continued: boolean,
): WebhookEvent => ({
  type: 'visitor.authenticated',
  projectId: session.projectId,
  orderingKey: `user:${session.userId}`,
  userId: session.userId,
  conversationOf: null,
  data: {
    projectId: session.projectId,
    userId: session.userId,
    sessionId: session.id,
    brandKeyId: session.brandKeyId,
    expiresAt: session.expiresAt,
    // The same user activating again in the same browser (a token refresh), as opposed to a new sign-in.
    continued,
  },
});

export const authenticationFailed = (projectId: string, reason: ReasonCode, origin: string | null): WebhookEvent => ({
  type: 'authentication.failed',
  projectId,
  orderingKey: null,
  userId: null,
  conversationOf: null,
  data: { projectId, reason, origin },
});

/** A visitor's own logout (`logout`), or the brand's back-channel revocation of every session of the user (`revoked`). */
export const visitorLoggedOut = (
  projectId: string,
  userId: string,
  sessionIds: readonly string[],
  reason: 'logout' | 'revoked',
): WebhookEvent => ({
  type: 'visitor.logged_out',
  projectId,
  orderingKey: `user:${userId}`,
  userId,
  conversationOf: null,
  data: { projectId, userId, sessionIds, reason },
});

/** The JSON body of an event: `{ type, timestamp, data }` (Standard Webhooks). */
export const eventBody = (type: string, timestamp: Date, data: Record<string, unknown>): string =>
  JSON.stringify({ type, timestamp: timestamp.toISOString(), data });
