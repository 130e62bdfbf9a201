import type { ActivationResult, Parley } from '@parley/sdk';

/** Codes of an activate() refused because of another one: they say nothing of the visitor's session. */
const NOT_ABOUT_THE_VISITOR = new Set(['ACTIVATION_ONGOING', 'ALREADY_ACTIVATED']);

/**
 * Whether chat is unavailable after `result`: a secured activation failed, or the provider gave no valid option (a
 * token endpoint that answered 500, say). A success, or a failed anonymous activation, is not that; a refused call
 * leaves `current` as it was.
 */
export function unavailableAfter(result: ActivationResult, current: boolean): boolean {
  const { authentication } = result;
  if (authentication.status === 'authentication-success') return false;
  if (NOT_ABOUT_THE_VISITOR.has(authentication.code)) return current;
  return authentication.option === null || authentication.option.type === 'SECURED_AUTHENTICATION';
}

export interface Unavailability {
  /** How many failures have made chat unavailable so far (0: available); a new failure shows a dismissed notice again. */
  get(): number;
  subscribe(listener: (failures: number) => void): () => void;
}

/**
 * Follows the SDK's `activation` events from the moment it is called: the tag mounts the widget before it runs the
 * page's commands, so no activation is missed even before the widget first renders.
 */
export function watchUnavailable(sdk: Parley): Unavailability {
  let failures = 0;
  let value = 0;
  const listeners = new Set<(failures: number) => void>();
  sdk.on('activation', (result) => {
    if (unavailableAfter(result, false)) value = ++failures;
    else if (!unavailableAfter(result, true)) value = 0;
    else return; // a refused call: nothing changed
    for (const listener of listeners) listener(value);
  });
  return {
    get: () => value,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
