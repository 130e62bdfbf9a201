import type * as z from 'zod/mini';
import { MAX_USER_ID_LENGTH } from '../defaults.js';
import { CLIENT_ID_RULE } from './field-rule-texts.js';
import { isClientId, lengthWithin } from './field-rules.js';
import { flag, integer, nullableText, oneOf, optional, record, text } from './field-schemas.js';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ID_LENGTH, MAX_MESSAGE_TEXT_LENGTH } from './limits.js';

/**
 * The fields of server → client frames and the shapes they share (docs/protocol.md, "Server → client").
 * Server frames are checked for shape and size, not for the content rules the server applies to client
 * frames: ids, user ids and texts are whatever the server stored (a user id comes from a brand's token).
 */

const lengthRule = (min: number, max: number) =>
  min === 0 ? `a string of at most ${max} characters` : `a string of ${min}..${max} characters`;
const sized = (min: number, max: number) => text(lengthRule(min, max), lengthWithin(min, max));
/** An operator's display name (operators.ts keeps them to 80). */
const MAX_AUTHOR_NAME_LENGTH = 80;
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

export const serverFields = {
  id: sized(1, MAX_ID_LENGTH),
  nullableId: nullableText(lengthRule(1, MAX_ID_LENGTH), lengthWithin(1, MAX_ID_LENGTH)),
  nullableUserId: nullableText(lengthRule(1, MAX_USER_ID_LENGTH), lengthWithin(1, MAX_USER_ID_LENGTH)),
  clientId: text(CLIENT_ID_RULE, isClientId),
  text: sized(1, MAX_MESSAGE_TEXT_LENGTH),
  errorMessage: sized(0, MAX_ERROR_MESSAGE_LENGTH),
  /** ISO 8601 in UTC, as Date.prototype.toISOString writes it (`2025-01-31T09:30:00.000Z`). */
  timestamp: text('an ISO 8601 UTC timestamp', (value) => TIMESTAMP_PATTERN.test(value)),
};

export const AUTHOR_KINDS = ['visitor', 'agent', 'system'] as const;
export const CONVERSATION_STATUSES = ['open', 'closed'] as const;

export const author = record({
  kind: oneOf(AUTHOR_KINDS),
  id: serverFields.nullableId,
  name: optional(sized(1, MAX_AUTHOR_NAME_LENGTH)),
});
/**
 * `id`: the vuid of a visitor, the operator id of an agent, null for the system. `name`: an agent's display name on
 * a message, when the receiver may see it.
 */
export type RealtimeAuthor = z.infer<typeof author>;

export const message = record({
  id: serverFields.id,
  seq: integer(1),
  author,
  text: serverFields.text,
  createdAt: serverFields.timestamp,
  clientId: serverFields.nullableId,
  /** Sent by a verified (authenticated) visitor session: the per-message padlock. */
  verified: flag(),
  brandKeyId: serverFields.nullableId,
});
export type RealtimeMessage = z.infer<typeof message>;

export const conversation = record({
  id: serverFields.id,
  projectId: serverFields.id,
  status: oneOf(CONVERSATION_STATUSES),
  assignedOperatorId: serverFields.nullableId,
  lastSeq: integer(0),
  authenticated: flag(),
  userId: serverFields.nullableUserId,
});
export type RealtimeConversation = z.infer<typeof conversation>;

export type AuthorKind = (typeof AUTHOR_KINDS)[number];
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
