import { runAttempts } from './activation.js';
import { type Backoff, defaultBackoff } from './backoff.js';
import { ExtIdSender } from './ext-id.js';
import type { FetchLike } from './graphql-client.js';
import { type AuthenticationOption, type AuthenticationProvider, askProvider, isSecured } from './options.js';
import { type AuthenticationStatus, type KnownProperties, type Listener, Properties, READ_ONLY_PROPERTIES } from './properties.js';
import {
  defaultReconnectDelay,
  MessageDroppedError,
  type ReadEvent,
  RealtimeClient,
  type ReconnectDelay,
  type SentMessage,
  type TypingEvent,
  type WebSocketConstructor,
} from './realtime.js';
import { type ActivationResult, failure, success } from './result.js';
import { SessionStore } from './session.js';
import { memoryStorage, type ParleyStorage } from './storage.js';
import { VisitorApi } from './visitor-api.js';

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
  /** Where warnings go (an extId ignored during an authenticated session); defaults to console.warn. */
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
  on(event: string, listener: Listener): void;
  off(event: string, listener: Listener): void;
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

const TRANSFER_IGNORED = '[parley] idzconvid is not a valid transfer token (used, expired or not for this site): ignored';
const TRANSFER_KEPT_OWN = '[parley] idzconvid ignored: this browser already has its own visitor session on this site';
/** The headless core (spec §7.2): no DOM, the same logic for every client. */
export function createParley(options: ParleyOptions): Parley {
  const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike);
  const api = new VisitorApi(fetchImpl, options.serverUrl, options.projectId);
  const sessions = new SessionStore(options.storage ?? memoryStorage(), options.projectId);
  const properties = new Properties();
  const backoff = options.backoff ?? defaultBackoff;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const extIds = new ExtIdSender(api, sessions, properties, warn);
  /** The transfer token to redeem with the next anonymous activation; sent once. */
  let pendingTransfer = options.transferToken ?? null;
  let ongoing = false;
  /** What this page has activated; null before the first success and after logout. */
  let activated: AuthenticationStatus = null;
  /** The provider of the last successful activation: a re-activation asks it again. */
  let lastProvider: AuthenticationProvider | null = null;
  /** The vuid of this page's session; null when it has none. */
  let currentVuid: string | null = null;
  /** How many times close() was called: an activation that a close() overtook has no effect but storing its session. */
  let closes = 0;
  /** Stops the storage watch; null while not watching (before the first activation, after close). */
  let unwatch: (() => void) | null = null;
  const WebSocketImpl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  const realtimeUrl = new URL('/realtime', options.serverUrl);
  realtimeUrl.protocol = realtimeUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const realtime = WebSocketImpl
    ? new RealtimeClient({
        WebSocket: WebSocketImpl,
        url: realtimeUrl.toString(),
        token: () => sessions.read()?.token ?? null,
        reactivate,
        delay: options.reconnectDelay ?? defaultReconnectDelay,
        onConversation: (id) => properties.update('conversation:id', id),
        onMessage: (event) => properties.emit('message', event),
        onTyping: ({ conversationId, author, typing }) =>
          properties.emit('typing', { conversationId, author, typing } satisfies TypingEvent),
        onRead: ({ conversationId, author, seq }) => properties.emit('read', { conversationId, author, seq } satisfies ReadEvent),
      })
    : null;

  const setStatus = (status: AuthenticationStatus) => properties.update('visitor:authenticationStatus', status);

  /** Stops this page's session: no socket, no provider, statuses null (storage is the caller's business). */
  function endLocally(error = new MessageDroppedError('LOGGED_OUT', 'the visitor logged out before the message was acknowledged')): void {
    realtime?.stop(error);
    lastProvider = null;
    currentVuid = null;
    activated = null;
    setStatus(null);
    properties.update('conversation:id', null);
  }

  async function logout(): Promise<void> {
    endLocally();
    const stored = sessions.read();
    // Storage first: other tabs (storage watch) stop at once, and nothing can resume the session while the server
    // answers. The session ends locally whatever the server answers: an expired or revoked token is already over.
    sessions.clear();
    if (stored) await api.logout(stored.token);
  }

  /**
   * Another tab changed the stored session. The same visitor (a sign-in keeps the vuid) or a signed-in user's
   * re-verification is followed — the channel's `ready` then names the user, and another user's arrival drops what
   * this page queued; a logout or another anonymous visitor ends this page's session until its next activate().
   */
  function followOtherTab(): void {
    if (activated === null) return;
    const stored = sessions.read();
    const sameVisitor = stored !== null && (stored.vuid === currentVuid || (stored.authenticated && activated === 'AUTHENTICATED'));
    if (!stored || !sameVisitor) {
      endLocally();
      return;
    }
    currentVuid = stored.vuid;
    activated = stored.authenticated ? 'AUTHENTICATED' : 'ANONYMOUS';
    setStatus(activated);
    realtime?.start();
  }

  /** After an activation: the channel opens and other tabs are followed. */
  function follow(): void {
    unwatch ??= options.storage?.watch?.(sessions.key, followOtherTab) ?? null;
    realtime?.start();
  }

  /** An ANONYMOUS activation, or an invalid option, never continues a stored authenticated session. */
  async function logoutStoredAuthenticated(): Promise<void> {
    if (sessions.read()?.authenticated) await logout();
  }

  const attempt = async (option: AuthenticationOption) => {
    const stored = sessions.read();
    if (isSecured(option)) return api.fromCredentials(option.token, stored);
    // A browser with its own visitor never swaps it for a link's: a planted idzconvid cannot take over a visitor.
    if (pendingTransfer !== null && stored !== null) {
      pendingTransfer = null;
      warn(TRANSFER_KEPT_OWN);
    }
    const transfer = pendingTransfer;
    const result = await api.anonymously(stored, transfer);
    if (transfer !== null && result.ok) {
      pendingTransfer = null;
      if (!result.data.transferRedeemed) warn(TRANSFER_IGNORED);
    }
    return result;
  };

  /** Keeps what identifies the session; a listener of storage never sees more. */
  const store = ({ vuid, token }: { vuid: string; token: string }, authenticated: boolean) =>
    sessions.write({ vuid, token, authenticated });

  async function getTransferUrl(url: string): Promise<string> {
    // Relative to the page in a browser; an absolute URL is needed elsewhere.
    const target = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
    const stored = sessions.read();
    if (activated !== 'ANONYMOUS' || !stored) return target.toString();
    const result = await api.createTransfer(stored.token);
    if (result.ok && result.data.transferToken !== null) target.searchParams.set('idzconvid', result.data.transferToken);
    return target.toString();
  }

  async function run(provider: AuthenticationProvider): Promise<ActivationResult> {
    const epoch = closes;
    if (activated === 'AUTHENTICATED') return failure(null, 'ALREADY_ACTIVATED');
    const option = await askProvider(provider);
    if (option === null) {
      await logoutStoredAuthenticated();
      return failure(null, 'INVALID_OPTION');
    }
    // After an anonymous success only a sign-in (anonymous → secured) may follow.
    if (activated === 'ANONYMOUS' && !isSecured(option)) return failure(option, 'ALREADY_ACTIVATED');
    if (!isSecured(option)) await logoutStoredAuthenticated();
    const outcome = await runAttempts(option, provider, attempt, backoff);
    if (!outcome.ok) {
      if (outcome.code === 'INVALID_OPTION') await logoutStoredAuthenticated();
      return failure(outcome.option, outcome.code);
    }
    const authenticated = isSecured(outcome.option);
    store(outcome.session, authenticated);
    // Closed meanwhile: the session is kept (the server ended the one it continued), nothing else happens.
    if (closes !== epoch) return success(outcome.option);
    currentVuid = outcome.session.vuid;
    activated = authenticated ? 'AUTHENTICATED' : 'ANONYMOUS';
    setStatus(activated);
    lastProvider = provider;
    follow();
    extIds.activated(authenticated);
    return success(outcome.option);
  }

  /** After the session ended under an open channel: the activation again, with the same provider (fresh credentials). */
  async function reactivate(): Promise<boolean> {
    const provider = lastProvider;
    if (provider === null || ongoing) return false;
    ongoing = true;
    try {
      const before = sessions.read()?.token;
      const option = await askProvider(provider);
      if (option === null) return false;
      const outcome = await runAttempts(option, provider, attempt, backoff);
      if (!outcome.ok || lastProvider !== provider) return false;
      const stored = sessions.read();
      if (stored?.token !== before) {
        // Another tab acted meanwhile: its session serves if it is the same visitor; a logout or another visitor wins.
        return stored !== null && stored.vuid === outcome.session.vuid && stored.vuid === currentVuid;
      }
      const authenticated = isSecured(outcome.option);
      store(outcome.session, authenticated);
      const anotherAnonymous = !authenticated && outcome.session.vuid !== currentVuid;
      currentVuid = outcome.session.vuid;
      if (anotherAnonymous) {
        // Another anonymous visitor now (the old one was revoked): nothing queued, seen or open carries over. (A user's
        // identity is its userId, which the channel's `ready` checks: the same user keeps its queue, another drops it.)
        realtime?.stop(new MessageDroppedError('IDENTITY_CHANGED', 'the visitor session was replaced: queued messages were dropped'));
        properties.update('conversation:id', null);
        realtime?.start();
      }
      activated = authenticated ? 'AUTHENTICATED' : 'ANONYMOUS';
      setStatus(activated);
      return true;
    } finally {
      ongoing = false;
    }
  }

  return {
    async activate(provider) {
      if (ongoing) return failure(null, 'ACTIVATION_ONGOING');
      ongoing = true;
      try {
        return await run(provider);
      } finally {
        ongoing = false;
      }
    },
    logout,
    get: (name: string) => properties.get(name) as never,
    set(name, value) {
      if ((READ_ONLY_PROPERTIES as readonly string[]).includes(name)) throw new TypeError(`${name} is read-only`);
      if (name === 'extId') extIds.set(value, activated);
      else properties.update(name, value);
    },
    on: (event, listener) => properties.on(event, listener),
    off: (event, listener) => properties.off(event, listener),
    sendMessage: (text) =>
      realtime ? realtime.send(text) : Promise.reject(new MessageDroppedError('REALTIME_STOPPED', 'no WebSocket implementation')),
    setTyping: (typing) => realtime?.setTyping(typing),
    markRead: (seq) => realtime?.markRead(seq),
    getTransferUrl,
    close() {
      closes++;
      unwatch?.();
      unwatch = null;
      endLocally(new MessageDroppedError('REALTIME_STOPPED', 'the Parley object was closed'));
    },
  };
}
