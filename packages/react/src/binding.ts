import type { Parley } from '@parley/sdk';
import { type Activation, activationStore } from './activation-store.js';
import { type Conversation, conversationStore } from './conversation-store.js';
import type { ExternalStore } from './external-store.js';

interface Binding {
  activation: ExternalStore<Activation>;
  conversation: ExternalStore<Conversation>;
  /** `parley.close()`, after which `activate` waits for an activation it overtook instead of sharing it. */
  close(): void;
}

const bindings = new WeakMap<Parley, Binding>();

/**
 * The stores of one Parley object, made on first use and kept as long as the object. They listen from then on, so
 * ParleyProvider makes them before anything activates: the history the SDK replays is not missed.
 */
export function bindingOf(parley: Parley): Binding {
  let binding = bindings.get(parley);
  if (!binding) {
    binding = { ...activationStore(parley), conversation: conversationStore(parley) };
    bindings.set(parley, binding);
  }
  return binding;
}
