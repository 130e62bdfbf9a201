import { useSyncExternalStore } from 'react';
import { bindingOf } from './binding.js';
import type { Conversation } from './conversation-store.js';
import { useParley } from './use-parley.js';

/** The visitor's conversation (its messages and this page's sends in flight), re-rendering as they arrive, and `send`. */
export function useConversation(): Conversation {
  const { conversation } = bindingOf(useParley());
  return useSyncExternalStore(conversation.subscribe, conversation.get, conversation.getInitial);
}
