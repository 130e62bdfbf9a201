export {
  type AuthFrame,
  CLIENT_FRAME_SCHEMAS,
  CLIENT_FRAME_TYPES,
  type ClientFrame,
  type ClientFrameOf,
  type ClientFrameType,
  type ClientReadFrame,
  type ClientTypingFrame,
  type PingFrame,
  type ResumeFrame,
  type SendFrame,
} from './client-frames.js';
export * from './close-codes.js';
export * from './error-codes.js';
export { isAuthToken, isClientId, isMessageText, isRealtimeId } from './field-rules.js';
export * from './limits.js';
export * from './parse-client-frame.js';
export type { FrameParseResult } from './parse-frame.js';
export * from './parse-server-frame.js';
export * from './restart-reconnects.js';
export * from './server-frames.js';
export {
  AUTHOR_KINDS,
  type AuthorKind,
  CONVERSATION_STATUSES,
  type ConversationStatus,
  type RealtimeAuthor,
  type RealtimeConversation,
  type RealtimeMessage,
} from './shared-shapes.js';
