/** Limits of the realtime channel (docs/protocol.md). Lengths count Unicode code points; sizes count UTF-8 bytes. */
export const REALTIME_PATH = '/realtime';

/**
 * Largest frame, either direction, in UTF-8 bytes. 32 KiB rather than 16: a send or message frame whose every
 * field meets its limit must always fit, and 5,000 code points of text can take 20,000 bytes (4 per emoji).
 */
export const MAX_FRAME_BYTES = 32_768;
export const MAX_AUTH_TOKEN_LENGTH = 4096;
export const MAX_MESSAGE_TEXT_LENGTH = 5000;
export const MAX_CLIENT_ID_LENGTH = 64;
/** conversationId, messageId, vuid, projectId, operator and brand key ids, error codes. */
export const MAX_ID_LENGTH = 100;
export const MAX_ERROR_MESSAGE_LENGTH = 1000;
/** A WebSocket close reason is at most 123 UTF-8 bytes (RFC 6455 §5.5). */
export const MAX_CLOSE_REASON_BYTES = 123;

/** The first frame must be `auth`, within this many seconds of the upgrade. */
export const AUTH_TIMEOUT_SECONDS = 10;
/** The server pings every `heartbeatSeconds` (this by default) and drops a socket that misses two pongs. */
export const HEARTBEAT_SECONDS = 30;
export const MISSED_HEARTBEATS_BEFORE_CLOSE = 2;
/** A typing indicator is cleared this long after the last `typing: true` (a client repeats it while typing). */
export const TYPING_EXPIRY_SECONDS = 10;

/** UTF-8 length of a string without TextEncoder or Buffer; a lone surrogate counts 3 (it would be sent as U+FFFD). */
export function utf8ByteLength(value: string): number {
  let bytes = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** True when the frame is over MAX_FRAME_BYTES; cheap for the common small frame. */
export function exceedsFrameLimit(text: string): boolean {
  if (text.length > MAX_FRAME_BYTES) return true;
  if (text.length * 3 <= MAX_FRAME_BYTES) return false;
  return utf8ByteLength(text) > MAX_FRAME_BYTES;
}
