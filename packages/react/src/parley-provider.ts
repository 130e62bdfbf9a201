import { createParley, type Parley, type ParleyOptions } from '@parley/sdk';
import { createElement, type ReactElement, type ReactNode, useEffect, useRef, useState } from 'react';
import { bindingOf } from './binding.js';
import { ParleyContext } from './context.js';

/** Either a Parley object you made (and close yourself), or the options of one the provider makes and closes. */
export type ParleyProviderProps = { children?: ReactNode } & (
  | { parley: Parley; options?: never }
  | { options: ParleyOptions; parley?: never }
);

const MISSING = '[parley] <ParleyProvider> needs a `parley` or an `options` prop';

/**
 * Gives its descendants a Parley object. With `options` it creates one on its first render (later `options` are
 * ignored: change its `key` to start over) and closes it on unmount, which keeps the visitor's session stored.
 */
export function ParleyProvider({ parley, options, children }: ParleyProviderProps): ReactElement {
  const [owned] = useState(() => {
    if (parley) return null;
    if (!options) throw new Error(MISSING);
    return createParley(options);
  });
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (owned === null) return;
    clearTimeout(closeTimer.current);
    return () => {
      // Deferred: StrictMode (development) unmounts and remounts at once, and the remount cancels it. A close that
      // did happen (an unmount, a hidden <Activity>) is undone by the next activate().
      closeTimer.current = setTimeout(() => bindingOf(owned).close());
    };
  }, [owned]);

  const value = parley ?? owned;
  if (!value) throw new Error(MISSING);
  // Listening starts before any activation, so the history the SDK replays after it reaches the hooks.
  bindingOf(value);
  return createElement(ParleyContext.Provider, { value }, children);
}
