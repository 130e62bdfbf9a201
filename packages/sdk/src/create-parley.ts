import { runAttempts } from './activation.js';
import { type Backoff, defaultBackoff } from './backoff.js';
import type { FetchLike } from './graphql-client.js';
import { type AuthenticationOption, type AuthenticationProvider, askProvider, isSecured } from './options.js';
import { type AuthenticationStatus, type KnownProperties, type Listener, Properties, READ_ONLY_PROPERTIES } from './properties.js';
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
}

/** The headless core (SPEC §7): no DOM, the same logic for every client. */
export function createParley(options: ParleyOptions): Parley {
  const fetchImpl = options.fetch ?? (globalThis.fetch as FetchLike);
  const api = new VisitorApi(fetchImpl, options.serverUrl, options.projectId);
  const sessions = new SessionStore(options.storage ?? memoryStorage(), options.projectId);
  const properties = new Properties();
  const backoff = options.backoff ?? defaultBackoff;
  let ongoing = false;
  /** What this page has activated; null before the first success and after logout. */
  let activated: AuthenticationStatus = null;

  const setStatus = (status: AuthenticationStatus) => properties.update('visitor:authenticationStatus', status);

  async function logout(): Promise<void> {
    const stored = sessions.read();
    // The session ends locally whatever the server answers: an expired or revoked token is already over.
    if (stored) await api.logout(stored.token);
    sessions.clear();
    activated = null;
    setStatus(null);
    properties.update('conversation:id', null);
  }

  /** An ANONYMOUS activation, or an invalid option, never continues a stored authenticated session. */
  async function logoutStoredAuthenticated(): Promise<void> {
    if (sessions.read()?.authenticated) await logout();
  }

  const attempt = (option: AuthenticationOption) => {
    const stored = sessions.read();
    return isSecured(option) ? api.fromCredentials(option.token, stored) : api.anonymously(stored);
  };

  async function run(provider: AuthenticationProvider): Promise<ActivationResult> {
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
    sessions.write({ ...outcome.session, authenticated });
    activated = authenticated ? 'AUTHENTICATED' : 'ANONYMOUS';
    setStatus(activated);
    return success(outcome.option);
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
      properties.update(name, value);
    },
    on: (event, listener) => properties.on(event, listener),
    off: (event, listener) => properties.off(event, listener),
  };
}
