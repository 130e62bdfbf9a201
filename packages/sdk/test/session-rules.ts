// The SDK contract's rules for a page's session (docs/reference/sdk.md: an activation while one is ongoing, an
// already-activated session, logout, re-verification, several tabs), one case each, as transitions of the machine.
import type { AuthenticationProvider } from '../src/options.js';
import type { StoredSession } from '../src/session.js';
import { type ActiveSession, type Effect, IDLE, type SessionEvent, type SessionState } from '../src/session-machine.js';

const secured: AuthenticationProvider = () => ({ authenticationOption: { type: 'SECURED_AUTHENTICATION', token: 'credentials' } });
const anonymous: AuthenticationProvider = () => ({ authenticationOption: { type: 'ANONYMOUS' } });

export const stored = (vuid: string, authenticated: boolean, token = `token-of-${vuid}`): StoredSession => ({ vuid, token, authenticated });

/** An anonymous visitor (v1), a signed-in user (v2), and each as signed in or re-verified elsewhere. */
export const visitor: ActiveSession = { status: 'ANONYMOUS', vuid: 'v1', provider: anonymous };
export const user: ActiveSession = { status: 'AUTHENTICATED', vuid: 'v2', provider: secured };
const signedIn: ActiveSession = { ...visitor, status: 'AUTHENTICATED' };
const otherUser: ActiveSession = { ...user, vuid: 'v3' };

export const idle = IDLE;
export const active = (session: ActiveSession): SessionState => ({ session, running: null });
export const activating = (session: ActiveSession | null): SessionState => ({ session, running: 'activating' });
export const activatingClosed: SessionState = { session: null, running: 'activatingClosed' };
export const reactivating = (session: ActiveSession | null): SessionState => ({ session, running: 'reactivating' });

export interface Rule {
  rule: string;
  from: SessionState;
  event: SessionEvent;
  /** The next state; null: refused or ignored (nothing changes, nothing is done). */
  to: SessionState | null;
  effects?: Effect[];
}

const SUCCESS_EFFECTS: Effect[] = ['show', 'watch', 'connect', 'sendExtId'];
const CLOSE_EFFECTS: Effect[] = ['unwatch', 'close'];
const reactivated = (issued: StoredSession, now: StoredSession | null = issued, otherTabActed = false): SessionEvent => ({
  type: 'reactivated',
  issued,
  stored: now,
  otherTabActed,
});

export const RULES: Rule[] = [
  // activate()
  { rule: 'activate() starts an activation', from: idle, event: { type: 'activate' }, to: activating(null) },
  {
    rule: 'an anonymous session stays in use while another activation runs (a sign-in)',
    from: active(visitor),
    event: { type: 'activate' },
    to: activating(visitor),
  },
  {
    rule: 'after an authenticated success the activation starts, and answers ALREADY_ACTIVATED (alreadyActivated)',
    from: active(user),
    event: { type: 'activate' },
    to: activating(user),
  },
  { rule: 'ACTIVATION_ONGOING while an activation runs', from: activating(visitor), event: { type: 'activate' }, to: null },
  {
    rule: 'ACTIVATION_ONGOING until the activation close() overtook settles',
    from: activatingClosed,
    event: { type: 'activate' },
    to: null,
  },
  { rule: 'ACTIVATION_ONGOING while the channel re-activates', from: reactivating(user), event: { type: 'activate' }, to: null },
  {
    rule: 'a re-activation whose session ended (logout, close) does not hold activate() back: it only drops its result',
    from: reactivating(null),
    event: { type: 'activate' },
    to: activating(null),
  },
  // The channel's re-activation
  {
    rule: 'the channel re-runs the last activation, with its provider',
    from: active(user),
    event: { type: 'reactivate' },
    to: reactivating(user),
  },
  { rule: 'nothing to re-run without a session in use', from: idle, event: { type: 'reactivate' }, to: null },
  { rule: 'one at a time: no re-activation during an activation', from: activating(visitor), event: { type: 'reactivate' }, to: null },
  { rule: 'nor during the activation close() overtook', from: activatingClosed, event: { type: 'reactivate' }, to: null },
  { rule: 'nor during another re-activation', from: reactivating(user), event: { type: 'reactivate' }, to: null },
  // An activation's success
  {
    rule: 'a success puts its session in use: status shown, channel opened, other tabs followed, the extId set before sent',
    from: activating(null),
    event: { type: 'activated', issued: stored('v1', false), provider: anonymous },
    to: activating(visitor),
    effects: SUCCESS_EFFECTS,
  },
  {
    rule: 'a sign-in keeps the vuid; its provider serves the re-activations from then on',
    from: activating(visitor),
    event: { type: 'activated', issued: stored('v1', true), provider: secured },
    to: activating({ ...signedIn, provider: secured }),
    effects: SUCCESS_EFFECTS,
  },
  {
    rule: 'an activation close() overtook only stores its session',
    from: activatingClosed,
    event: { type: 'activated', issued: stored('v2', true), provider: secured },
    to: null,
  },
  // A re-activation's success
  {
    rule: 'a re-activation stores its session; the same user keeps what is queued',
    from: reactivating(user),
    event: reactivated(stored('v2', true)),
    to: reactivating(user),
    effects: ['store', 'show'],
  },
  {
    rule: 'another user: the channel, opening with a token naming another profile, drops what was queued',
    from: reactivating(user),
    event: reactivated(stored('v3', true)),
    to: reactivating(otherUser),
    effects: ['store', 'show'],
  },
  {
    rule: 'another anonymous visitor (the old one revoked): nothing queued, seen or open carries over',
    from: reactivating(visitor),
    event: reactivated(stored('v4', false)),
    to: reactivating({ ...visitor, vuid: 'v4' }),
    effects: ['store', 'dropVisitor', 'connect', 'show'],
  },
  {
    rule: 'a user signed in under a new vuid (the anonymous visitor revoked): nothing of the anonymous visitor carries over',
    from: reactivating(visitor),
    event: reactivated(stored('v7', true)),
    to: reactivating({ ...user, vuid: 'v7', provider: anonymous }),
    effects: ['store', 'dropVisitor', 'connect', 'show'],
  },
  {
    rule: 'an anonymous visitor signed in under its own vuid keeps what it queued (its conversation moves to the user)',
    from: reactivating(visitor),
    event: reactivated(stored('v1', true)),
    to: reactivating(signedIn),
    effects: ['store', 'show'],
  },
  {
    rule: "another tab's session of the same visitor, stored meanwhile, serves as it is",
    from: reactivating(user),
    event: reactivated(stored('v2', true), stored('v2', true, 'token-from-the-other-tab'), true),
    to: reactivating(user),
    effects: ['show'],
  },
  {
    rule: "another tab's session of the same visitor serves, also when this re-activation got another vuid (its proof was spent there)",
    from: reactivating(user),
    event: reactivated(stored('v9', true), stored('v2', true, 'token-from-the-other-tab'), true),
    to: reactivating(user),
    effects: ['show'],
  },
  {
    rule: "a re-verification stored by another tab meanwhile serves (another user: the channel's next opening drops what was queued)",
    from: reactivating(user),
    event: reactivated(stored('v2', true), stored('v3', true), true),
    to: reactivating(otherUser),
    effects: ['show'],
  },
  {
    rule: 'a logout in another tab meanwhile wins',
    from: reactivating(user),
    event: reactivated(stored('v2', true), null, true),
    to: null,
  },
  {
    rule: "another tab's new anonymous visitor, stored meanwhile, serves: the browser's new visitor, nothing carried over",
    from: reactivating(visitor),
    event: reactivated(stored('v6', false), stored('v5', false), true),
    to: reactivating({ ...visitor, vuid: 'v5' }),
    effects: ['dropVisitor', 'connect', 'show'],
  },
  {
    rule: 'a user stored by another tab meanwhile wins over an anonymous re-activation',
    from: reactivating(visitor),
    event: reactivated(stored('v6', false), stored('v5', true), true),
    to: null,
  },
  {
    rule: 'a re-activation refused for good ends the session and settles: statuses null, what was queued rejected',
    from: reactivating(user),
    event: { type: 'refused' },
    to: idle,
    effects: ['end'],
  },
  {
    rule: 'a refusal after the session ended meanwhile changes nothing',
    from: reactivating(null),
    event: { type: 'refused' },
    to: null,
  },
  {
    rule: 'a session ended meanwhile (logout, close, another tab) drops the result',
    from: reactivating(null),
    event: reactivated(stored('v2', true)),
    to: null,
  },
  // Settling
  { rule: 'a settled activation leaves its session in use', from: activating(visitor), event: { type: 'settle' }, to: active(visitor) },
  { rule: 'an activation that leaves no session in use: idle', from: activating(null), event: { type: 'settle' }, to: idle },
  { rule: 'the activation close() overtook settles: idle', from: activatingClosed, event: { type: 'settle' }, to: idle },
  { rule: 'a settled re-activation leaves its session in use', from: reactivating(user), event: { type: 'settle' }, to: active(user) },
  { rule: 'a re-activation whose session ended: idle', from: reactivating(null), event: { type: 'settle' }, to: idle },
  // logout()
  {
    rule: 'logout ends the session: channel stopped (LOGGED_OUT), statuses null',
    from: active(user),
    event: { type: 'logout' },
    to: idle,
    effects: ['end'],
  },
  { rule: 'logout with nothing in use ends nothing more', from: idle, event: { type: 'logout' }, to: idle, effects: ['end'] },
  {
    rule: 'logout during an activation ends the session in use; a success still puts its own in use',
    from: activating(visitor),
    event: { type: 'logout' },
    to: activating(null),
    effects: ['end'],
  },
  {
    rule: 'logout during the activation close() overtook',
    from: activatingClosed,
    event: { type: 'logout' },
    to: activatingClosed,
    effects: ['end'],
  },
  {
    rule: 'logout during a re-activation drops its result',
    from: reactivating(user),
    event: { type: 'logout' },
    to: reactivating(null),
    effects: ['end'],
  },
  // close()
  {
    rule: 'close() stops using the session (REALTIME_STOPPED) and other tabs; it stays stored',
    from: active(visitor),
    event: { type: 'close' },
    to: idle,
    effects: CLOSE_EFFECTS,
  },
  { rule: 'close() with nothing in use', from: idle, event: { type: 'close' }, to: idle, effects: CLOSE_EFFECTS },
  {
    rule: 'close() during an activation: it will only store its session',
    from: activating(visitor),
    event: { type: 'close' },
    to: activatingClosed,
    effects: CLOSE_EFFECTS,
  },
  { rule: 'close() again', from: activatingClosed, event: { type: 'close' }, to: activatingClosed, effects: CLOSE_EFFECTS },
  {
    rule: 'close() during a re-activation drops its result',
    from: reactivating(user),
    event: { type: 'close' },
    to: reactivating(null),
    effects: CLOSE_EFFECTS,
  },
  // Other tabs
  {
    rule: 'a sign-in in another tab is followed (same vuid): the channel reconnects with its session',
    from: active(visitor),
    event: { type: 'otherTab', stored: stored('v1', true) },
    to: active(signedIn),
    effects: ['show', 'connect'],
  },
  {
    rule: "a re-verification in another tab is followed (another user: the channel's ready drops what was queued)",
    from: active(user),
    event: { type: 'otherTab', stored: stored('v3', true) },
    to: active(otherUser),
    effects: ['show', 'connect'],
  },
  {
    rule: 'a logout in another tab ends the session here at once',
    from: active(user),
    event: { type: 'otherTab', stored: null },
    to: idle,
    effects: ['end'],
  },
  {
    rule: 'another anonymous visitor in another tab ends the session here',
    from: active(visitor),
    event: { type: 'otherTab', stored: stored('v4', false) },
    to: idle,
    effects: ['end'],
  },
  {
    rule: "once this anonymous visitor's session ended, another tab's new anonymous visitor is followed, nothing carried over",
    from: active(visitor),
    event: { type: 'otherTab', stored: stored('v4', false), ended: true },
    to: active({ ...visitor, vuid: 'v4' }),
    effects: ['dropVisitor', 'connect', 'show'],
  },
  {
    rule: "during this anonymous visitor's re-activation, another tab's new anonymous visitor is followed, nothing carried over",
    from: reactivating(visitor),
    event: { type: 'otherTab', stored: stored('v4', false) },
    to: reactivating({ ...visitor, vuid: 'v4' }),
    effects: ['dropVisitor', 'connect', 'show'],
  },
  {
    rule: 'a user whose session ended does not follow another tab into an anonymous visitor',
    from: reactivating(user),
    event: { type: 'otherTab', stored: stored('v4', false), ended: true },
    to: reactivating(null),
    effects: ['end'],
  },
  {
    rule: 'an anonymous page does not follow a user signing in under another vuid',
    from: active(visitor),
    event: { type: 'otherTab', stored: stored('v3', true) },
    to: idle,
    effects: ['end'],
  },
  {
    rule: 'a page without a session in use stays out of it (never activated, logged out, closed)',
    from: idle,
    event: { type: 'otherTab', stored: stored('v1', false) },
    to: null,
  },
  {
    rule: 'other tabs are followed during an activation too',
    from: activating(visitor),
    event: { type: 'otherTab', stored: stored('v1', true) },
    to: activating(signedIn),
    effects: ['show', 'connect'],
  },
  {
    rule: 'an activation with no session in use ignores other tabs until its success',
    from: activating(null),
    event: { type: 'otherTab', stored: stored('v1', false) },
    to: null,
  },
  {
    rule: 'an activation close() overtook ignores other tabs',
    from: activatingClosed,
    event: { type: 'otherTab', stored: stored('v1', false) },
    to: null,
  },
  {
    rule: 'a logout in another tab during a re-activation drops its result',
    from: reactivating(user),
    event: { type: 'otherTab', stored: null },
    to: reactivating(null),
    effects: ['end'],
  },
  {
    rule: 'a re-activation whose session ended ignores other tabs',
    from: reactivating(null),
    event: { type: 'otherTab', stored: stored('v2', true) },
    to: null,
  },
];
