import { type AuthenticationOption, type AuthenticationProvider, isSecured } from './options.js';
import type { AuthenticationStatus } from './properties.js';
import type { StoredSession } from './session.js';

/** The session a page uses: who the visitor is, and the provider a re-activation asks again. */
export interface ActiveSession {
  status: 'ANONYMOUS' | 'AUTHENTICATED';
  vuid: string;
  provider: AuthenticationProvider;
}

/**
 * Where a page's session stands: the session in use (statuses, channel, other tabs followed; null when none) and what
 * runs, one at a time: activate() (`activating`; `activatingClosed` once close() overtook it: it stores the session it
 * gets and changes nothing else), or the channel's re-activation (`reactivating`: should the session end meanwhile,
 * its result is dropped). A session stays in use while an activation runs (an anonymous visitor signing in).
 */
export interface SessionState {
  session: ActiveSession | null;
  running: 'activating' | 'activatingClosed' | 'reactivating' | null;
}

export type SessionEvent =
  /** activate() called. */
  | { type: 'activate' }
  /** The realtime channel found the session ended and asks for the last activation again. */
  | { type: 'reactivate' }
  /** activate()'s attempts succeeded with `provider`; the session it got (`issued`) is already stored. */
  | { type: 'activated'; issued: StoredSession; provider: AuthenticationProvider }
  /** The re-activation was refused for good (its last attempt's code is not one to retry): the session is over. */
  | { type: 'refused' }
  /** The re-activation's attempts succeeded; `otherTabActed`: the stored session changed meanwhile (it is `stored`). */
  | { type: 'reactivated'; issued: StoredSession; stored: StoredSession | null; otherTabActed: boolean }
  /** The activation or re-activation in flight settled, whatever its outcome. */
  | { type: 'settle' }
  | { type: 'logout' }
  | { type: 'close' }
  /** Another tab changed the stored session (it is `stored` now); `ended`: seen as this tab's session ended. */
  | { type: 'otherTab'; stored: StoredSession | null; ended?: boolean };

/**
 * What the wiring does after a transition, in order, with the transition's state (and event, for `store`).
 * - `end`: the channel stops (what is queued rejects with `LOGGED_OUT`), statuses null; `close`: the same for close()
 *   (`REALTIME_STOPPED`).
 * - `show`: `visitor:authenticationStatus` becomes the session's status.
 * - `connect`: the realtime channel opens, or reopens with the stored token.
 * - `watch` / `unwatch`: other tabs are followed (from the first success until close) / no longer.
 * - `store`: the re-activation's session (the event's `issued`) is stored.
 * - `dropVisitor`: another anonymous visitor: nothing queued, seen or open carries over.
 * - `sendExtId`: the extId set before activation goes now (or is dropped for an authenticated visitor).
 */
export type Effect = 'end' | 'close' | 'show' | 'connect' | 'watch' | 'unwatch' | 'store' | 'dropVisitor' | 'sendExtId';

/** A transition taken: the next state and its effects. */
export interface Step {
  state: SessionState;
  effects: readonly Effect[];
}

/** Nothing in use, nothing running: before the first activation. */
export const IDLE: SessionState = { session: null, running: null };

/** The state's name in the docs' table: what runs, else `active` or `idle`. */
export const stateName = ({ session, running }: SessionState) => running ?? (session ? 'active' : 'idle');

/** The session in use once `stored` is: the same provider serves its re-activations. */
const inUse = ({ vuid, authenticated }: StoredSession, provider: AuthenticationProvider): ActiveSession => ({
  status: authenticated ? 'AUTHENTICATED' : 'ANONYMOUS',
  vuid,
  provider,
});

/** `visitor:authenticationStatus` in `state`. */
export const authenticationStatus = (state: SessionState): AuthenticationStatus => state.session?.status ?? null;

/**
 * ALREADY_ACTIVATED, checked before the provider is asked (no `option`) and with its answer: after an authenticated
 * success nothing may follow, after an anonymous one only a sign-in (anonymous → secured).
 */
export function alreadyActivated(state: SessionState, option?: AuthenticationOption): boolean {
  const status = authenticationStatus(state);
  return option ? status === 'ANONYMOUS' && !isSecured(option) : status === 'AUTHENTICATED';
}

/**
 * The same visitor as `session`, as another tab stored it: the same vuid (a sign-in keeps it), or a re-verification of
 * a signed-in user (the channel then opens with a token naming the user: another user drops what was queued).
 */
const sameVisitor = (stored: StoredSession, session: ActiveSession) =>
  stored.vuid === session.vuid || (stored.authenticated && session.status === 'AUTHENTICATED');

/**
 * Another anonymous visitor, stored by another tab once this anonymous visitor ended on the server (a transfer redeemed
 * elsewhere, an erasure): the browser's new visitor, as this tab's own re-activation gets one. Nothing queued, seen or
 * open carries over to it.
 */
const newAnonymousVisitor = (stored: StoredSession, session: ActiveSession) => !stored.authenticated && session.status === 'ANONYMOUS';

const to = (state: SessionState, ...effects: Effect[]): Step => ({ state, effects });

/**
 * Every rule of a page's session, as a pure function (docs/architecture.md has its table). null: the event is refused
 * (`activate`: ACTIVATION_ONGOING, `reactivate` and `reactivated`: false) or has nothing to change.
 */
export function transition(state: SessionState, event: SessionEvent): Step | null {
  const { session, running } = state;
  switch (event.type) {
    case 'activate':
      // One at a time: ACTIVATION_ONGOING while an activation or re-activation runs; a re-activation whose session
      // ended (logout, close) no longer counts: its token endpoint may never answer, and it can only drop its result.
      return running && (session || running !== 'reactivating') ? null : to({ session, running: 'activating' });
    case 'reactivate':
      return running || !session ? null : to({ session, running: 'reactivating' });
    case 'activated':
      // Closed meanwhile (activatingClosed): the session is stored (the server ended the one it continued), nothing else.
      return running === 'activating'
        ? to({ session: inUse(event.issued, event.provider), running }, 'show', 'watch', 'connect', 'sendExtId')
        : null;
    case 'reactivated': {
      if (running !== 'reactivating' || !session) return null;
      const { issued, stored } = event;
      // Another tab's session serves if it is the same visitor, whatever this re-activation got (a proof the other tab
      // had already spent gets a fresh vuid), or the browser's new anonymous visitor; a logout or a user there wins.
      if (event.otherTabActed) {
        if (!stored) return null;
        const followed = { session: inUse(stored, session.provider), running };
        if (sameVisitor(stored, session)) return to(followed, 'show');
        return newAnonymousVisitor(stored, session) ? to(followed, 'dropVisitor', 'connect', 'show') : null;
      }
      const next = { session: inUse(issued, session.provider), running };
      // Another visitor than the anonymous one (revoked: its conversation continues nowhere), or another anonymous
      // visitor: nothing queued, seen or open carries over. A signed-in user's identity is the profile its token names,
      // which the channel checks at each opening: the same user keeps its queue, another drops it.
      return issued.vuid !== session.vuid && (!issued.authenticated || session.status === 'ANONYMOUS')
        ? to(next, 'store', 'dropVisitor', 'connect', 'show')
        : to(next, 'store', 'show');
    }
    case 'refused':
      // Settled at once: activate() is open from the `end` effect's listeners on.
      return running === 'reactivating' && session ? to({ session: null, running: null }, 'end') : null;
    case 'settle':
      return running ? to({ session, running: null }) : null;
    case 'logout':
      return to({ session: null, running }, 'end');
    case 'close':
      return to({ session: null, running: running === 'activating' ? 'activatingClosed' : running }, 'unwatch', 'close');
    case 'otherTab': {
      if (!session) return null;
      const { stored } = event;
      if (!stored) return to({ session: null, running }, 'end');
      const next = { session: inUse(stored, session.provider), running };
      if (sameVisitor(stored, session)) return to(next, 'show', 'connect');
      // Seen as this tab's session ended, or while it re-activates: the visitor ended on the server, not in another tab.
      return (event.ended || running === 'reactivating') && newAnonymousVisitor(stored, session)
        ? to(next, 'dropVisitor', 'connect', 'show')
        : to({ session: null, running }, 'end');
    }
  }
}
