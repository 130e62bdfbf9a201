export type { Backoff } from './backoff.js';
export { defaultBackoff, MAX_ATTEMPTS } from './backoff.js';
export { createParley } from './create-parley.js';
export type { ParleyEvent, ParleyEvents, ParleyListener } from './events.js';
export type { FetchLike } from './graphql-client.js';
export type { AuthenticationOption, AuthenticationProvider, ProviderAnswer } from './options.js';
export type { Parley, ParleyOptions } from './parley.js';
export type { AuthenticationStatus, KnownProperties, Listener } from './properties.js';
export {
  defaultReconnectDelay,
  MessageDroppedError,
  type MessageEvent,
  type ReadEvent,
  type ReconnectDelay,
  type SentMessage,
  type TypingEvent,
  type WebSocketConstructor,
  type WebSocketLike,
} from './realtime.js';
export type { ActivationResult, FailureCode } from './result.js';
export { memoryStorage, type ParleyStorage } from './storage.js';
