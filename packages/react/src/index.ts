export type { Activation } from './activation-store.js';
export type { Conversation, Message, OutgoingMessage } from './conversation-store.js';
export { ParleyProvider, type ParleyProviderProps } from './parley-provider.js';
export { useActivation } from './use-activation.js';
export { useConversation } from './use-conversation.js';
export { useParley } from './use-parley.js';
