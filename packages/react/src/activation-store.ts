import type { ActivationResult, AuthenticationProvider, AuthenticationStatus, Parley } from '@parley/sdk';
import { ExternalStore } from './external-store.js';

/** What useActivation() answers: the same object until something in it changes. */
export interface Activation {
  /** `visitor:authenticationStatus`: null before an activation succeeds, and after logout. */
  status: AuthenticationStatus;
  /** True while an activation is in flight. */
  activating: boolean;
  /** What the last activation resolved to; null before the first one and once the session has ended. */
  result: ActivationResult | null;
  /**
   * `parley.activate(provider)`. A call while an activation is in flight shares its result instead of failing with
   * `ACTIVATION_ONGOING` (React's StrictMode runs effects twice in development).
   */
  activate(provider: AuthenticationProvider): Promise<ActivationResult>;
  /** `parley.logout()`: ends the visitor's session on the server and in every tab. */
  logout(): Promise<void>;
}

/** The activation state of one Parley object, and `close()`. */
export function activationStore(parley: Parley): { activation: ExternalStore<Activation>; close(): void } {
  /** The SDK's activation under way; it takes one at a time. */
  let running: Promise<ActivationResult> | null = null;
  /** What activate() callers share, until close(). */
  let shared: Promise<ActivationResult> | null = null;
  let closes = 0;

  function start(provider: AuthenticationProvider): Promise<ActivationResult> {
    // activate() never rejects: it resolves to a failure instead.
    const current = parley.activate(provider).then((result) => {
      if (running === current) running = null;
      return result;
    });
    running = current;
    return current;
  }

  const activate = (provider: AuthenticationProvider): Promise<ActivationResult> => {
    if (shared) return shared;
    const epoch = closes;
    // One under way here was overtaken by close() (the SDK finishes it, storing its session): wait for it. If another
    // close() comes meanwhile, this one's caller is gone too: it answers what that one did instead of starting.
    const begun = running ? running.then((previous) => (closes === epoch ? start(provider) : previous)) : start(provider);
    const current = begun.then((result) => {
      if (shared === current) {
        shared = null;
        activation.update((state) => ({ ...state, activating: false, result }));
      }
      return result;
    });
    shared = current;
    activation.update((state) => ({ ...state, activating: true }));
    return current;
  };

  const activation = new ExternalStore<Activation>({
    status: parley.get('visitor:authenticationStatus'),
    activating: false,
    result: null,
    activate,
    logout: () => parley.logout(),
  });

  parley.on('visitor:authenticationStatusChange', (value) => {
    const status = value as AuthenticationStatus;
    activation.update((state) => ({ ...state, status, result: status === null ? null : state.result }));
  });

  function close(): void {
    closes++;
    shared = null;
    parley.close();
    activation.update((state) => (state.activating ? { ...state, activating: false } : state));
  }
  return { activation, close };
}
