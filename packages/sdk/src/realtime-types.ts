import type { RealtimeAuthor, RealtimeMessage, ServerReadFrame, ServerTypingFrame } from '@parley/protocol';
import type { HeartbeatTimers } from './heartbeat.js';

/** The standard WebSocket surface the core uses: the browser's, or `ws`'s in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** Waits before reconnection number `attempt` (1, 2, …). Injected by tests so they never sleep. */
export type ReconnectDelay = (attempt: number) => Promise<void>;

/** 1 s doubling up to 30 s, each ±50 % jitter (docs/protocol.md, Reconnecting). */
export const defaultReconnectDelay: ReconnectDelay = (attempt) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1000 * 2 ** (attempt - 1)) * (0.5 + Math.random())));

/** What `sendMessage` resolves to once the server has committed the message. */
export interface SentMessage {
  clientId: string;
  messageId: string;
  conversationId: string;
  seq: number;
  createdAt: string;
}

/** The `message` event's value. */
export interface MessageEvent {
  conversationId: string;
  message: RealtimeMessage;
}

/** The `typing` event's value: another participant is composing (`true`) or stopped. */
export interface TypingEvent {
  conversationId: string;
  author: RealtimeAuthor;
  typing: boolean;
}

/** The `read` event's value: `author` has read everything up to `seq`. */
export interface ReadEvent {
  conversationId: string;
  author: RealtimeAuthor;
  seq: number;
}

/** The error a queued message's promise rejects with when it will never be sent. */
export class MessageDroppedError extends Error {
  constructor(
    readonly code: 'LOGGED_OUT' | 'IDENTITY_CHANGED' | 'REALTIME_STOPPED' | 'REJECTED',
    message: string,
  ) {
    super(message);
    this.name = 'MessageDroppedError';
  }
}

const CLIENT_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 22 random characters of [A-Za-z0-9_-] (132 bits). */
export function newClientId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(22));
  return Array.from(bytes, (byte) => CLIENT_ID_ALPHABET[byte & 63]).join('');
}

export interface RealtimeDeps {
  WebSocket: WebSocketConstructor;
  url: string;
  /** The current visitor session token, or null when there is none. */
  token(): string | null;
  /**
   * After the session `ended` (the token the closed socket used): another tab's session, when one is stored meanwhile,
   * else the activation again with the last provider. True when the channel has a session to reconnect with; null when
   * it may have one later (the provider or the server unreachable or busy: asked again after the reconnect backoff);
   * false when it has none (the session ended).
   */
  reactivate(ended?: string): Promise<boolean | null>;
  delay: ReconnectDelay;
  onConversation(id: string | null): void;
  onMessage(event: MessageEvent): void;
  /** Another participant's `typing` / `read` frame in one of the visitor's conversations. */
  onTyping?(frame: ServerTypingFrame): void;
  onRead?(frame: ServerReadFrame): void;
  /** Defaults to setTimeout / clearTimeout. */
  timers?: HeartbeatTimers;
}
