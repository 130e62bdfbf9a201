import type { Backoff } from './backoff.js';
import type { ParleyEvent, ParleyListener } from './events.js';
import type { FetchLike } from './graphql-client.js';
import type { AuthenticationProvider } from './options.js';
import type { KnownProperties } from './properties.js';
import type { ReconnectDelay, SentMessage, WebSocketConstructor } from './realtime-types.js';
import type { ActivationResult } from './result.js';
import type { ParleyStorage } from './storage.js';

export interface ParleyOptions {
  projectId: string;
  /** The Parley server's origin, e.g. `https://chat.example.com`. */
  serverUrl: string;
  /** Defaults to an in-memory storage; the browser entry passes localStorage. */
  storage?: ParleyStorage;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Waits between retries; defaults to 1 s, 2 s, 4 s with jitter. */
  backoff?: Backoff;
  /** The WebSocket constructor for the realtime channel; defaults to the global one (none in Node 20: no realtime then). */
  WebSocket?: WebSocketConstructor;
  /** Waits before a realtime reconnection; defaults to 1 s doubling to 30 s with jitter. */
  reconnectDelay?: ReconnectDelay;
  /** Where warnings go (a failed activate(), an extId ignored during an authenticated session…); defaults to console.warn. */
  warn?: (message: string) => void;
  /**
   * A cross-domain transfer token (the `idzconvid` the browser entry takes off the address bar): the next anonymous
   * activation redeems it to continue the visitor's conversation from another origin (spec §6.7).
   */
  transferToken?: string;
}

export interface Parley {
  activate(provider: AuthenticationProvider): Promise<ActivationResult>;
  /** Revokes this browser's session on the server, clears storage; statuses become null. */
  logout(): Promise<void>;
  get<K extends keyof KnownProperties>(name: K): KnownProperties[K];
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  on<E extends ParleyEvent>(event: E, listener: ParleyListener<E>): void;
  off<E extends ParleyEvent>(event: E, listener: ParleyListener<E>): void;
  /**
   * Sends a message in the visitor's conversation; resolves once the server has committed it. Queued while
   * disconnected and resent with the same clientId until acknowledged; rejects with a MessageDroppedError when
   * it will never be sent (logout, another user after a re-verification).
   */
  sendMessage(text: string): Promise<SentMessage>;
  /** Tells the agent the visitor is composing (`true`, repeat while typing) or stopped; nothing without a conversation. */
  setTyping(typing: boolean): void;
  /** Tells the agent the visitor has read everything up to `seq` in the current conversation; nothing without one. */
  markRead(seq: number): void;
  /**
   * `url` with `idzconvid=<transfer token>` appended, so an anonymous visitor continues this conversation on another
   * of the brand's origins (projects with an allowed-origins list); `url` unchanged when there is nothing to transfer
   * (no activation, an authenticated visitor, no conversation, no list).
   */
  getTransferUrl(url: string): Promise<string>;
  /**
   * Stops using the visitor's session without ending it (unlike logout): the realtime channel closes (what is queued
   * rejects with MessageDroppedError `REALTIME_STOPPED`), other tabs are no longer followed, statuses become null.
   * The session stays stored, so the next activate() — of this object, another one or the next page — continues it.
   * An activation in flight stores the session it gets but changes nothing else (until it settles, activate()
   * answers `ACTIVATION_ONGOING`).
   */
  close(): void;
}
