export * from './close-codes.js';
export * from './error-codes.js';
export { isAuthToken, isClientId, isMessageText, isRealtimeId } from './field-rules.js';
export * from './frames.js';
export * from './limits.js';
export * from './parse-client-frame.js';
export * from './parse-server-frame.js';
export * from './restart-reconnects.js';
