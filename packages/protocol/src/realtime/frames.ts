/**
 * Wire types of the realtime channel (docs/protocol.md): one JSON object per WebSocket text frame,
 * told apart by `type`. Optional fields are omitted, never null; nullable fields are always present.
 */

// Client → server

/** The first frame: a visitor session token (JWT) or an operator/API bearer (`prl_op_…`, `prl_api_…`). */
export interface AuthFrame {
  type: 'auth';
  token: string;
}

/** A message. `clientId` makes it exactly-once; visitors may omit `conversationId`, agents must give it. */
export interface SendFrame {
  type: 'send';
  clientId: string;
  text: string;
  conversationId?: string;
}

/** Replays every message with seq > afterSeq, then answers `resumed`. */
export interface ResumeFrame {
  type: 'resume';
  conversationId: string;
  afterSeq: number;
}

export interface ClientTypingFrame {
  type: 'typing';
  conversationId: string;
  typing: boolean;
}

/** Everything up to and including `seq` has been read by this author. */
export interface ClientReadFrame {
  type: 'read';
  conversationId: string;
  seq: number;
}

export interface PingFrame {
  type: 'ping';
}

export type ClientFrame = AuthFrame | SendFrame | ResumeFrame | ClientTypingFrame | ClientReadFrame | PingFrame;

export const CLIENT_FRAME_TYPES = ['auth', 'send', 'resume', 'typing', 'read', 'ping'] as const satisfies readonly ClientFrame['type'][];
export type ClientFrameType = (typeof CLIENT_FRAME_TYPES)[number];
export type ClientFrameOf<T extends ClientFrameType> = Extract<ClientFrame, { type: T }>;

// Shared shapes

export type AuthorKind = 'visitor' | 'agent' | 'system';
export const AUTHOR_KINDS = ['visitor', 'agent', 'system'] as const satisfies readonly AuthorKind[];

/** `id`: the vuid of a visitor, the operator id of an agent, null for the system. */
export interface RealtimeAuthor {
  kind: AuthorKind;
  id: string | null;
}

export interface RealtimeMessage {
  id: string;
  seq: number;
  author: RealtimeAuthor;
  text: string;
  /** ISO 8601, UTC (`2025-01-31T09:30:00.000Z`). */
  createdAt: string;
  clientId: string | null;
  /** Sent by a verified (authenticated) visitor session: the per-message padlock. */
  verified: boolean;
  brandKeyId: string | null;
}

export type ConversationStatus = 'open' | 'closed';
export const CONVERSATION_STATUSES = ['open', 'closed'] as const satisfies readonly ConversationStatus[];

export interface RealtimeConversation {
  id: string;
  projectId: string;
  status: ConversationStatus;
  assignedOperatorId: string | null;
  lastSeq: number;
  authenticated: boolean;
  userId: string | null;
}

// Server → client

export type RealtimeRole = 'visitor' | 'operator';
export const REALTIME_ROLES = ['visitor', 'operator'] as const satisfies readonly RealtimeRole[];

/** The answer to a good `auth`. A visitor's always carries vuid, authenticated, userId and conversationId; an operator's none. */
export interface ReadyFrame {
  type: 'ready';
  role: RealtimeRole;
  vuid?: string;
  authenticated?: boolean;
  userId?: string | null;
  conversationId?: string | null;
  heartbeatSeconds: number;
}

/** Sent only after the message is committed; a resent clientId gets the same messageId and seq. */
export interface AckFrame {
  type: 'ack';
  clientId: string;
  messageId: string;
  conversationId: string;
  seq: number;
  createdAt: string;
}

export interface MessageFrame {
  type: 'message';
  conversationId: string;
  message: RealtimeMessage;
}

/** Ends a replay: every message up to `lastSeq` has been sent. */
export interface ResumedFrame {
  type: 'resumed';
  conversationId: string;
  lastSeq: number;
}

export interface ConversationFrame {
  type: 'conversation';
  conversation: RealtimeConversation;
}

export interface ServerTypingFrame {
  type: 'typing';
  conversationId: string;
  author: RealtimeAuthor;
  typing: boolean;
}

export interface ServerReadFrame {
  type: 'read';
  conversationId: string;
  author: RealtimeAuthor;
  seq: number;
}

export interface PongFrame {
  type: 'pong';
}

/**
 * Events may have been missed (the server's fan-out between nodes failed or reconnected): the client catches up
 * from storage, as after a reconnection (`resume` every conversation it follows from its highest seq; a console
 * reloads what it shows). The socket stays open. Safe at any time after `ready`; a client may ignore it.
 */
export interface ResyncFrame {
  type: 'resync';
}

/** A recoverable error about one frame; `clientId` when that frame was a `send`. The socket stays open. */
export interface ErrorFrame {
  type: 'error';
  code: string;
  message: string;
  clientId?: string;
}

export type ServerFrame =
  | ReadyFrame
  | AckFrame
  | MessageFrame
  | ResumedFrame
  | ConversationFrame
  | ServerTypingFrame
  | ServerReadFrame
  | PongFrame
  | ResyncFrame
  | ErrorFrame;

export const SERVER_FRAME_TYPES = [
  'ready',
  'ack',
  'message',
  'resumed',
  'conversation',
  'typing',
  'read',
  'pong',
  'resync',
  'error',
] as const satisfies readonly ServerFrame['type'][];
export type ServerFrameType = (typeof SERVER_FRAME_TYPES)[number];
export type ServerFrameOf<T extends ServerFrameType> = Extract<ServerFrame, { type: T }>;

export type FrameParseResult<F> = { ok: true; frame: F } | { ok: false; error: string };
export type ClientFrameParseResult = FrameParseResult<ClientFrame>;
export type ServerFrameParseResult = FrameParseResult<ServerFrame>;
