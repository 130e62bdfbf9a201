import { runAttempts } from './activation.js';
import { createAttempt } from './attempt.js';
import { defaultBackoff } from './backoff.js';
import { ExtIdSender } from './ext-id.js';
import { failureWarning } from './failure-warning.js';
import type { FetchLike } from './graphql-client.js';
import { type AuthenticationOption, type AuthenticationProvider, askProvider, isSecured } from './options.js';
import type { Parley, ParleyOptions } from './parley.js';
import { type AuthenticationStatus, Properties, READ_ONLY_PROPERTIES } from './properties.js';
import {
  defaultReconnectDelay,
  MessageDroppedError,
  type ReadEvent,
  RealtimeClient,
  type TypingEvent,
  type WebSocketConstructor,
} from './realtime.js';
import { type ActivationResult, failure, success } from './result.js';
import { SessionStore, type StoredSession } from './session.js';
import {
  alreadyActivated,
  authenticationStatus,
  type Effect,
  IDLE,
  type SessionEvent,
  type SessionState,
  transition,
} from './session-machine.js';
import { memoryStorage } from './storage.js';
import { type IssuedSession, VisitorApi } from './visitor-api.js';

/** Re-activations in a row that fail for now before the session ends: with the channel's backoff, about 2 minutes. */
const MAX_FAILED_REACTIVATIONS = 8;

/** The headless core (spec §7.2): no DOM, the same logic for every client. */
export function createParley(options: ParleyOptions): Parley {
  const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike);
  const api = new VisitorApi(fetchImpl, options.serverUrl, options.projectId);
  const sessions = new SessionStore(options.storage ?? memoryStorage(), options.projectId);
  const properties = new Properties();
  const backoff = options.backoff ?? defaultBackoff;
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const extIds = new ExtIdSender(api, sessions, properties, warn);
  const attempt = createAttempt(api, sessions, options.transferToken ?? null, warn);
  /** What this page has activated and what is in flight: only transitions change it (session-machine.ts). */
  let state: SessionState = IDLE;
  /** The channel's re-activations in a row that failed for now. */
  let failedReactivations = 0;
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

  const clearConversation = () => properties.update('conversation:id', null);
  const end = (error: MessageDroppedError) => {
    realtime?.stop(error);
    setStatus(null);
    clearConversation();
  };
  /** What each effect does; the state is the transition's, the event the one that caused it. */
  const effects: Record<Effect, (state: SessionState, event: SessionEvent) => void> = {
    end: (_, { type }) =>
      end(
        type === 'refused'
          ? new MessageDroppedError('REALTIME_STOPPED', 'the visitor session ended and re-activation failed')
          : new MessageDroppedError('LOGGED_OUT', 'the visitor logged out before the message was acknowledged'),
      ),
    close: () => end(new MessageDroppedError('REALTIME_STOPPED', 'the Parley object was closed')),
    show: ({ session }) => setStatus(session?.status ?? null),
    connect: () => realtime?.start(),
    watch: () => {
      unwatch ??= options.storage?.watch?.(sessions.key, () => send({ type: 'otherTab', stored: sessions.read() })) ?? null;
    },
    unwatch: () => {
      unwatch?.();
      unwatch = null;
    },
    store: (_, event) => {
      if (event.type === 'reactivated') sessions.write(event.issued);
    },
    dropVisitor: () => {
      realtime?.stop(new MessageDroppedError('IDENTITY_CHANGED', 'the visitor session was replaced: queued messages were dropped'));
      clearConversation();
    },
    sendExtId: ({ session }) => extIds.activated(session?.status === 'AUTHENTICATED'),
  };

  /** The one way the state changes: the transition, then its effects in order. False: the event was refused. */
  function send(event: SessionEvent): boolean {
    const step = transition(state, event);
    if (!step) return false;
    state = step.state;
    for (const effect of step.effects) effects[effect](step.state, event);
    return true;
  }

  async function logout(): Promise<void> {
    send({ type: 'logout' });
    const stored = sessions.read();
    // Storage first: other tabs (storage watch) stop at once, and nothing can resume the session while the server
    // answers. The session ends locally whatever the server answers: an expired or revoked token is already over.
    sessions.clear();
    if (stored) await api.logout(stored.token);
  }

  /** An ANONYMOUS activation, or an invalid option, never continues a stored authenticated session. */
  async function logoutStoredAuthenticated(): Promise<void> {
    if (sessions.read()?.authenticated) await logout();
  }

  async function getTransferUrl(url: string): Promise<string> {
    // Relative to the page in a browser; an absolute URL is needed elsewhere.
    const target = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
    const stored = sessions.read();
    if (authenticationStatus(state) !== 'ANONYMOUS' || !stored) return target.toString();
    const result = await api.createTransfer(stored.token);
    if (result.ok && result.data.transferToken !== null) target.searchParams.set('idzconvid', result.data.transferToken);
    return target.toString();
  }

  /** What identifies the session an activation got: a listener of storage never sees more. */
  const issuedBy = ({ option, session }: { option: AuthenticationOption; session: IssuedSession }): StoredSession => ({
    vuid: session.vuid,
    token: session.token,
    authenticated: isSecured(option),
  });

  /** activate() once the machine has let it start (in the `activating` state). */
  async function activation(provider: AuthenticationProvider): Promise<ActivationResult> {
    if (alreadyActivated(state)) return failure(null, 'ALREADY_ACTIVATED');
    const option = await askProvider(provider);
    if (option === null) {
      await logoutStoredAuthenticated();
      return failure(null, 'INVALID_OPTION');
    }
    if (alreadyActivated(state, option)) return failure(option, 'ALREADY_ACTIVATED');
    if (!isSecured(option)) await logoutStoredAuthenticated();
    const outcome = await runAttempts(option, provider, attempt, backoff);
    if (!outcome.ok) {
      if (outcome.code === 'INVALID_OPTION') await logoutStoredAuthenticated();
      return failure(outcome.option, outcome.code);
    }
    const issued = issuedBy(outcome);
    sessions.write(issued);
    send({ type: 'activated', issued, provider });
    return success(outcome.option);
  }

  /**
   * After the session `ended` under an open channel. Another tab stored another session meanwhile, or logged out: the
   * other-tab rules decide, as for its storage event (the same visitor is followed and the channel reconnects; another
   * visitor or none ends the session here), since a re-activation would prove that tab's session and end it in turn.
   * Else the activation again, with the same provider (fresh credentials), proving only the session that ended. Null:
   * it failed for now (the provider, the network, a busy server), and the channel asks again after its backoff.
   */
  async function reactivate(ended?: string): Promise<boolean | null> {
    const followOtherTab = () => send({ type: 'otherTab', stored: sessions.read(), ended: true }) && state.session !== null;
    if (sessions.read()?.token !== ended) return followOtherTab();
    const { session } = state;
    if (!session) return false;
    // One at a time: a channel that closes again while one runs (it followed a session since ended) tries later.
    if (!send({ type: 'reactivate' })) return null;
    try {
      // Failed for now (the provider: the brand's endpoint unreachable, say; the network; a busy server): asked again
      // after the channel's backoff, MAX_FAILED_REACTIVATIONS times in a row (~2 minutes) before the session ends.
      const later = (code: string) => (++failedReactivations < MAX_FAILED_REACTIVATIONS ? null : refuse(code));
      const option = await askProvider(session.provider);
      if (option === null) return later('INVALID_OPTION');
      // Another tab may store its session while the token endpoint answers: each attempt looks first, and follows it.
      // After close() or logout() meanwhile, no attempt goes out (it would open a session nobody holds).
      let overtaken = false;
      const proving: typeof attempt = (attemptOption) => {
        overtaken = !state.session || sessions.read()?.token !== ended;
        return overtaken ? Promise.resolve({ ok: false, code: 'NETWORK_ERROR', retryable: false }) : attempt(attemptOption);
      };
      const outcome = await runAttempts(option, session.provider, proving, backoff);
      if (overtaken) return followOtherTab();
      // Another tab's session stored meanwhile (followed already, or to follow now) wins over this attempt's failure.
      if (!outcome.ok)
        return sessions.read()?.token !== ended ? followOtherTab() || null : (outcome.retryable ? later : refuse)(outcome.code);
      failedReactivations = 0;
      const stored = sessions.read();
      return send({ type: 'reactivated', issued: issuedBy(outcome), stored, otherTabActed: stored?.token !== ended });
    } finally {
      // Only this re-activation's own run: a refusal settled already, and activate() may run since.
      if (state.running === 'reactivating') send({ type: 'settle' });
    }
  }

  /**
   * The re-activation refused for good (the credentials are, say), or failing for too long: the session ends, statuses
   * null, activate() open. Never silent: one warning names the last failure's code.
   */
  function refuse(code: string): false {
    warn(`[parley] the visitor session ended and re-activation failed: ${code}`);
    failedReactivations = 0;
    send({ type: 'refused' });
    return false;
  }

  return {
    async activate(provider) {
      let result: ActivationResult;
      if (!send({ type: 'activate' })) result = failure(null, 'ACTIVATION_ONGOING');
      else
        try {
          result = await activation(provider);
        } finally {
          send({ type: 'settle' });
        }
      // Never silent: one warning per failure (code, reason, hint; never the credentials), then the event.
      const warning = failureWarning(result);
      if (warning !== null) warn(warning);
      properties.emit('activation', result);
      return result;
    },
    logout,
    get: (name: string) => properties.get(name) as never,
    set(name, value) {
      if ((READ_ONLY_PROPERTIES as readonly string[]).includes(name)) throw new TypeError(`${name} is read-only`);
      if (name === 'extId') extIds.set(value, authenticationStatus(state));
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
      send({ type: 'close' });
    },
  };
}
