import type { RetryPolicy } from '../reason-codes.js';

/**
 * `code` of an `error` frame: a recoverable error about one frame; the socket stays open. A retry of a
 * `send` reuses its clientId. A client treats a code it does not know as NO_RETRY.
 */
export const REALTIME_ERROR_CODES = {
  VALIDATION_FAILED: {
    when: 'the frame failed to parse after `ready`, or is not valid here: a second `auth`, an agent `send` without conversationId',
    retryPolicy: 'NO_RETRY',
  },
  NOT_FOUND: {
    when: 'the conversation does not exist or is not visible to this socket',
    retryPolicy: 'NO_RETRY',
  },
  PERMISSION_DENIED: {
    when: 'the conversation is visible but this socket may not do that (e.g. an agent without write access)',
    retryPolicy: 'NO_RETRY',
  },
  CONVERSATION_CLOSED: {
    when: 'a `send` to a closed conversation (a visitor may send without conversationId to open a new one)',
    retryPolicy: 'NO_RETRY',
  },
  RATE_LIMITED: {
    when: 'too many frames from this socket or author; the frame was dropped',
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
  INTERNAL_ERROR: {
    when: 'the server failed to handle the frame; a `send` may or may not be committed',
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
} as const satisfies Record<string, { when: string; retryPolicy: RetryPolicy }>;

export type RealtimeErrorCode = keyof typeof REALTIME_ERROR_CODES;
