import * as z from 'zod/mini';
import { flag, integer, optional, variants } from './field-schemas.js';
import { frameSchemas, frameTypes } from './frame-schemas.js';
import { author, conversation, serverFields as field, message } from './shared-shapes.js';

/**
 * Server → client frames (docs/protocol.md). Each schema is the one definition of its frame: its type, what
 * parseServerFrame accepts, and in which order the fields are checked. Optional fields are omitted, never
 * null; nullable fields are always present.
 */

export const REALTIME_ROLES = ['visitor', 'operator'] as const;
export type RealtimeRole = (typeof REALTIME_ROLES)[number];

const ready = variants('role', [
  z.object({
    type: z.literal('ready'),
    role: z.literal('visitor' satisfies RealtimeRole),
    heartbeatSeconds: integer(1),
    vuid: field.id,
    authenticated: flag(),
    userId: field.nullableUserId,
    conversationId: field.nullableId,
  }),
  z.object({
    type: z.literal('ready'),
    role: z.literal('operator' satisfies RealtimeRole),
    heartbeatSeconds: integer(1),
    vuid: optional(field.id),
    authenticated: optional(flag()),
    userId: optional(field.nullableUserId),
    conversationId: optional(field.nullableId),
  }),
]);
/** The answer to a good `auth`. A visitor's always carries vuid, authenticated, userId and conversationId; an operator's none. */
export type ReadyFrame = z.infer<typeof ready>;

const ack = z.object({
  type: z.literal('ack'),
  clientId: field.clientId,
  messageId: field.id,
  conversationId: field.id,
  seq: integer(1),
  createdAt: field.timestamp,
});
/** Sent only after the message is committed; a resent clientId gets the same messageId and seq. */
export type AckFrame = z.infer<typeof ack>;

const messageFrame = z.object({ type: z.literal('message'), conversationId: field.id, message });
export type MessageFrame = z.infer<typeof messageFrame>;

const resumed = z.object({ type: z.literal('resumed'), conversationId: field.id, lastSeq: integer(0) });
/** Ends a replay: every message up to `lastSeq` has been sent. */
export type ResumedFrame = z.infer<typeof resumed>;

const conversationFrame = z.object({ type: z.literal('conversation'), conversation });
export type ConversationFrame = z.infer<typeof conversationFrame>;

const typing = z.object({ type: z.literal('typing'), conversationId: field.id, author, typing: flag() });
export type ServerTypingFrame = z.infer<typeof typing>;

const read = z.object({ type: z.literal('read'), conversationId: field.id, author, seq: integer(0) });
export type ServerReadFrame = z.infer<typeof read>;

const pong = z.object({ type: z.literal('pong') });
export type PongFrame = z.infer<typeof pong>;

const resync = z.object({ type: z.literal('resync') });
/**
 * Events may have been missed (the server's fan-out between nodes failed or reconnected): the client catches up
 * from storage, as after a reconnection (`resume` every conversation it follows from its highest seq; a console
 * reloads what it shows). The socket stays open. Safe at any time after `ready`; a client may ignore it.
 */
export type ResyncFrame = z.infer<typeof resync>;

const error = z.object({
  type: z.literal('error'),
  code: field.id,
  message: field.errorMessage,
  clientId: optional(field.clientId),
});
/** A recoverable error about one frame; `clientId` when that frame was a `send`. The socket stays open. */
export type ErrorFrame = z.infer<typeof error>;

export const SERVER_FRAME_SCHEMAS = frameSchemas({
  ready,
  ack,
  message: messageFrame,
  resumed,
  conversation: conversationFrame,
  typing,
  read,
  pong,
  resync,
  error,
});
export const SERVER_FRAME_TYPES = frameTypes(SERVER_FRAME_SCHEMAS);

export type ServerFrame = z.infer<(typeof SERVER_FRAME_SCHEMAS)[keyof typeof SERVER_FRAME_SCHEMAS]>;
export type ServerFrameType = ServerFrame['type'];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;
