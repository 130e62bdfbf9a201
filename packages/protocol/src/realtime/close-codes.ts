import { VISITOR_SESSION_EXPIRED_CODE } from '../api-errors.js';
import type { RetryPolicy } from '../reason-codes.js';
import { MAX_CLOSE_REASON_BYTES, utf8ByteLength } from './limits.js';

export interface RealtimeCloseInfo {
  readonly code: number;
  /**
   * RETRY_WITH_BACKOFF: reconnect with the same token after a backoff. RETRY_AFTER_REAUTH: get a fresh token
   * first (a visitor re-runs the activation; an operator gets a new bearer). NO_RETRY: do not reconnect.
   */
  readonly retryPolicy: RetryPolicy;
  /**
   * The node left (a shutdown, a rolling restart) and another answers at once: the first reconnection goes without
   * the backoff delay (RESTART_RECONNECT_JITTER_MS of jitter at most); should it fail, the usual backoff follows.
   */
  readonly reconnectAtOnce?: true;
}

/**
 * The most a client waits, at random, before reconnecting after a `reconnectAtOnce` close: a node closes all its
 * sockets within a few milliseconds, and this spreads their reconnections without anyone noticing the wait.
 */
export const RESTART_RECONNECT_JITTER_MS = 50;

/**
 * Close codes the server uses (each commented with when it does; the SDK bundles this table, so no prose in it),
 * keyed by their reason: the close reason is the key, or `KEY: detail`
 * (at most 123 UTF-8 bytes). 1000 is used by the server for nothing but VISITOR_SESSION_EXPIRED.
 */
export const REALTIME_CLOSE_CODES = {
  /** the visitor session expired, was revoked or logged out, or the visitor token is invalid (GraphQL code 1000) */
  VISITOR_SESSION_EXPIRED: {
    code: VISITOR_SESSION_EXPIRED_CODE,
    retryPolicy: 'RETRY_AFTER_REAUTH',
  },
  /** sent on shutdown by servers before SERVICE_RESTART, and by proxies that go away: a client treats it as SERVICE_RESTART */
  GOING_AWAY: {
    code: 1001,
    retryPolicy: 'RETRY_WITH_BACKOFF',
    reconnectAtOnce: true,
  },
  /** a text frame that is not valid UTF-8, refused by the WebSocket layer (its reason is not this name) */
  INVALID_FRAME_PAYLOAD: {
    code: 1007,
    retryPolicy: 'NO_RETRY',
  },
  /** a frame over MAX_FRAME_BYTES, refused by the WebSocket layer before it is read (its reason is not this name) */
  MESSAGE_TOO_BIG: {
    code: 1009,
    retryPolicy: 'NO_RETRY',
  },
  /** an unexpected server error */
  INTERNAL_ERROR: {
    code: 1011,
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
  /** the server node is shutting down (a restart, a rolling upgrade): the frames it took are handled first, and another node answers */
  SERVICE_RESTART: {
    code: 1012,
    retryPolicy: 'RETRY_WITH_BACKOFF',
    reconnectAtOnce: true,
  },
  /** the node is at capacity: an auth frame that arrived while it handles as many frames as it allows */
  TRY_AGAIN_LATER: {
    code: 1013,
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
  /** a first frame that is not a valid auth, or an oversized frame */
  PROTOCOL_ERROR: {
    code: 4400,
    retryPolicy: 'NO_RETRY',
  },
  /** the operator/API bearer is invalid, expired or revoked, or the auth token is neither kind */
  UNAUTHENTICATED: {
    code: 4401,
    retryPolicy: 'RETRY_AFTER_REAUTH',
  },
  /** the token is valid but may not open a realtime channel */
  PERMISSION_DENIED: {
    code: 4403,
    retryPolicy: 'NO_RETRY',
  },
  /** no auth frame within 10 s of the upgrade */
  AUTH_TIMEOUT: {
    code: 4408,
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
  /** the socket's outbound buffer passed the server's bound: the client does not read what it is sent */
  SLOW_CONSUMER: {
    code: 4413,
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
  /** the visitor session or operator bearer already holds as many sockets as the server allows */
  TOO_MANY_CONNECTIONS: {
    code: 4429,
    retryPolicy: 'RETRY_WITH_BACKOFF',
  },
} as const satisfies Record<string, RealtimeCloseInfo>;

export type RealtimeCloseName = keyof typeof REALTIME_CLOSE_CODES;

/** The close reason for `name`, with an optional detail, cut to 123 UTF-8 bytes on a code point boundary. */
export function realtimeCloseReason(name: RealtimeCloseName, detail?: string): string {
  const reason = detail === undefined || detail === '' ? name : `${name}: ${detail}`;
  if (utf8ByteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason;
  let cut = '';
  for (const char of reason) {
    if (utf8ByteLength(cut + char) > MAX_CLOSE_REASON_BYTES) break;
    cut += char;
  }
  return cut;
}

/**
 * What a client does when its socket closes with (code, reason). 1000 means re-activate only with the
 * VISITOR_SESSION_EXPIRED reason (otherwise it is an ordinary close, e.g. the client's own); any code not
 * listed (1006 after a network drop, a newer server's code) means reconnect with backoff.
 */
export function realtimeCloseRetryPolicy(code: number, reason: string): RetryPolicy {
  if (code === VISITOR_SESSION_EXPIRED_CODE) {
    return reason.split(':')[0] === 'VISITOR_SESSION_EXPIRED' ? 'RETRY_AFTER_REAUTH' : 'NO_RETRY';
  }
  for (const info of Object.values(REALTIME_CLOSE_CODES) as RealtimeCloseInfo[]) {
    if (info.code === code) return info.retryPolicy;
  }
  return 'RETRY_WITH_BACKOFF';
}

/** Whether a close with `code` is a node leaving (SERVICE_RESTART, or GOING_AWAY): reconnect at once, not after a backoff. */
export function realtimeCloseReconnectsAtOnce(code: number): boolean {
  for (const info of Object.values(REALTIME_CLOSE_CODES) as RealtimeCloseInfo[]) {
    if (info.code === code) return info.reconnectAtOnce === true;
  }
  return false;
}
