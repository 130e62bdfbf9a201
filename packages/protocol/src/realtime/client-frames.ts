import * as z from 'zod/mini';
import { CLIENT_ID_RULE, ID_RULE, TEXT_RULE, TOKEN_RULE } from './field-rule-texts.js';
import { isAuthToken, isClientId, isMessageText, isRealtimeId } from './field-rules.js';
import { flag, integer, optional, text } from './field-schemas.js';
import { frameSchemas, frameTypes } from './frame-schemas.js';

/**
 * Client → server frames (docs/protocol.md): one JSON object per WebSocket text frame, told apart by `type`.
 * Each schema is the one definition of its frame: its type, what parseClientFrame accepts, and in which order
 * the fields are checked. Optional fields are omitted, never null.
 */

const conversationId = text(ID_RULE, isRealtimeId);

const auth = z.object({ type: z.literal('auth'), token: text(TOKEN_RULE, isAuthToken) });
/** The first frame: a visitor session token (JWT) or an operator/API bearer (`prl_op_…`, `prl_api_…`). */
export type AuthFrame = z.infer<typeof auth>;

const send = z.object({
  type: z.literal('send'),
  clientId: text(CLIENT_ID_RULE, isClientId),
  text: text(TEXT_RULE, isMessageText),
  conversationId: optional(conversationId),
});
/** A message. `clientId` makes it exactly-once; visitors may omit `conversationId`, agents must give it. */
export type SendFrame = z.infer<typeof send>;

const resume = z.object({ type: z.literal('resume'), conversationId, afterSeq: integer(0) });
/** Replays every message with seq > afterSeq, then answers `resumed`. */
export type ResumeFrame = z.infer<typeof resume>;

const typing = z.object({ type: z.literal('typing'), conversationId, typing: flag() });
export type ClientTypingFrame = z.infer<typeof typing>;

const read = z.object({ type: z.literal('read'), conversationId, seq: integer(0) });
/** Everything up to and including `seq` has been read by this author. */
export type ClientReadFrame = z.infer<typeof read>;

const ping = z.object({ type: z.literal('ping') });
export type PingFrame = z.infer<typeof ping>;

export const CLIENT_FRAME_SCHEMAS = frameSchemas({ auth, send, resume, typing, read, ping });
export const CLIENT_FRAME_TYPES = frameTypes(CLIENT_FRAME_SCHEMAS);

export type ClientFrame = z.infer<(typeof CLIENT_FRAME_SCHEMAS)[keyof typeof CLIENT_FRAME_SCHEMAS]>;
export type ClientFrameType = ClientFrame['type'];
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;
