import { codePointLength } from '../defaults.js';
import { MAX_AUTH_TOKEN_LENGTH, MAX_CLIENT_ID_LENGTH, MAX_ID_LENGTH, MAX_MESSAGE_TEXT_LENGTH } from './limits.js';

/**
 * What the server accepts in client frames (docs/protocol.md, "Field rules"). Exported so that a client
 * can check a text before queuing it and the server can apply the same rules outside the socket.
 */

/** Control characters (Cc) and lone surrogates (Cs): never accepted in ids or tokens. */
const CONTROL_OR_LONE_SURROGATE = /[\p{Cc}\p{Cs}]/u;
/** In text, tab, line feed and carriage return are allowed; other control characters and lone surrogates are not. */
const FORBIDDEN_IN_TEXT = /\p{Cs}|(?![\t\n\r])\p{Cc}/u;
// Pure: a bundle that never checks an id (the SDK's script) leaves these out.
const CLIENT_ID = /* @__PURE__ */ new RegExp(`^[A-Za-z0-9_-]{1,${MAX_CLIENT_ID_LENGTH}}$`);

/** Code point length within [min, max] (internal: the field schemas use it too). */
export function lengthWithin(min: number, max: number): (value: string) => boolean {
  return (value) => value.length >= min && value.length <= max * 2 && withinCodePoints(value, min, max);
}

function withinCodePoints(value: string, min: number, max: number): boolean {
  const length = codePointLength(value);
  return length >= min && length <= max;
}

const idLength = /* @__PURE__ */ lengthWithin(1, MAX_ID_LENGTH);
const tokenLength = /* @__PURE__ */ lengthWithin(1, MAX_AUTH_TOKEN_LENGTH);
const textLength = /* @__PURE__ */ lengthWithin(1, MAX_MESSAGE_TEXT_LENGTH);

/** conversationId and the other ids a client sends: 1..100 code points, no control characters. */
export function isRealtimeId(value: string): boolean {
  return idLength(value) && !CONTROL_OR_LONE_SURROGATE.test(value);
}

export function isClientId(value: string): boolean {
  return CLIENT_ID.test(value);
}

export function isAuthToken(value: string): boolean {
  return tokenLength(value) && !CONTROL_OR_LONE_SURROGATE.test(value);
}

/**
 * 1..5000 code points, not only whitespace (what String.prototype.trim removes), no control characters but
 * tab, LF and CR, no lone surrogates. The text is stored and delivered exactly as sent, never trimmed.
 */
export function isMessageText(value: string): boolean {
  return textLength(value) && value.trim() !== '' && !FORBIDDEN_IN_TEXT.test(value);
}
