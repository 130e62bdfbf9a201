import { useSyncExternalStore } from 'react';
import type { Activation } from './activation-store.js';
import { bindingOf } from './binding.js';
import { useParley } from './use-parley.js';

/** The visitor's activation status, re-rendering on the SDK's events, and `activate` / `logout`. */
export function useActivation(): Activation {
  const { activation } = bindingOf(useParley());
  return useSyncExternalStore(activation.subscribe, activation.get, activation.getInitial);
}
