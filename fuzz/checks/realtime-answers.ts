/**
 * What the server answers to each client frame (docs/protocol.md): before `ready`, a close code or
 * `ready`; after it, the frame's direct answers (`error`, `ack`, `pong`, in the order of the frames:
 * the server handles a socket's frames one after the other), or a close for an oversized frame.
 * Frames are judged with the protocol's own parser, `parseClientFrame` of @parley/protocol.
 */
import { MAX_FRAME_BYTES, parseClientFrame, REALTIME_CLOSE_CODES } from '@parley/protocol';

/** A frame as sent: text (its UTF-8 size), binary, or a text frame that is not UTF-8. */
export type Materialized =
  | { kind: 'text'; text: string; bytes: number }
  | { kind: 'binary'; bytes: number }
  | { kind: 'invalidUtf8'; bytes: number };

export type DirectAnswer = { type: 'error'; code: string; clientId?: string } | { type: 'ack'; clientId: string } | { type: 'pong' };

export type AfterReady =
  /** One of these sequences of direct answers (usually one). */
  { kind: 'answers'; options: DirectAnswer[][] } | { kind: 'close'; codes: readonly number[] };

export type BeforeReady = { kind: 'ready' } | { kind: 'close'; codes: readonly number[] };

const { MESSAGE_TOO_BIG, PROTOCOL_ERROR, UNAUTHENTICATED, PERMISSION_DENIED, VISITOR_SESSION_EXPIRED, INVALID_FRAME_PAYLOAD } =
  REALTIME_CLOSE_CODES;
/** An oversized frame: the WebSocket layer's 1009, or 4400 from a server without that limit (docs/protocol.md, Parsing rules). */
const OVERSIZED = [MESSAGE_TOO_BIG.code, PROTOCOL_ERROR.code];
/** A text frame that is not UTF-8: RFC 6455 §8.1 fails the connection with 1007 (docs/protocol.md, close codes). */
export const INVALID_UTF8_CLOSE = INVALID_FRAME_PAYLOAD.code;
/** A visitor session token is a compact JWS (three base64url parts); any other token is no token kind. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

const error = (code: string, clientId?: string): DirectAnswer =>
  clientId === undefined ? { type: 'error', code } : { type: 'error', code, clientId };
const one = (...answers: DirectAnswer[]): AfterReady => ({ kind: 'answers', options: [answers] });

/** What the token in a first `auth` frame is (placeholders are resolved by the caller). */
export type TokenKind = 'visitor' | 'operator' | 'apiKey' | 'endedVisitor' | 'unknown';

export function expectBeforeReady(frame: Materialized, tokenKind: (token: string) => TokenKind): BeforeReady {
  if (frame.bytes > MAX_FRAME_BYTES) return { kind: 'close', codes: OVERSIZED };
  if (frame.kind === 'invalidUtf8') return { kind: 'close', codes: [INVALID_UTF8_CLOSE] };
  if (frame.kind === 'binary') return { kind: 'close', codes: [PROTOCOL_ERROR.code] };
  const parsed = parseClientFrame(frame.text);
  if (!parsed.ok || parsed.frame.type !== 'auth') return { kind: 'close', codes: [PROTOCOL_ERROR.code] };
  const token = parsed.frame.token;
  switch (tokenKind(token)) {
    case 'visitor':
    case 'operator':
      return { kind: 'ready' };
    case 'apiKey':
      return { kind: 'close', codes: [PERMISSION_DENIED.code] };
    case 'endedVisitor':
      return { kind: 'close', codes: [VISITOR_SESSION_EXPIRED.code] };
    case 'unknown':
      // docs/protocol.md, Authentication: an invalid opaque bearer or a token of neither kind is 4401; a
      // compact JWS that is no valid visitor session token ends that session (1000).
      return {
        kind: 'close',
        codes: !/^prl_(op|api)_/.test(token) && COMPACT_JWS.test(token) ? [VISITOR_SESSION_EXPIRED.code] : [UNAUTHENTICATED.code],
      };
  }
}

/** The direct answers to one frame on a visitor socket whose own conversation is `own`. */
export function expectAfterReady(frame: Materialized, own: string): AfterReady {
  if (frame.bytes > MAX_FRAME_BYTES) return { kind: 'close', codes: OVERSIZED };
  if (frame.kind === 'invalidUtf8') return { kind: 'close', codes: [INVALID_UTF8_CLOSE] };
  if (frame.kind === 'binary') return one(error('VALIDATION_FAILED'));
  const parsed = parseClientFrame(frame.text);
  if (!parsed.ok) return one(error('VALIDATION_FAILED'));
  const parsedFrame = parsed.frame;
  switch (parsedFrame.type) {
    case 'auth':
      return one(error('VALIDATION_FAILED'));
    case 'ping':
      return one({ type: 'pong' });
    case 'send': {
      const mine = parsedFrame.conversationId === undefined || parsedFrame.conversationId === own;
      return one(mine ? { type: 'ack', clientId: parsedFrame.clientId } : error('NOT_FOUND', parsedFrame.clientId));
    }
    case 'resume':
    case 'typing':
      return parsedFrame.conversationId === own ? one() : one(error('NOT_FOUND'));
    case 'read':
      // "the server may refuse a larger one [seq] with VALIDATION_FAILED"
      return parsedFrame.conversationId === own
        ? { kind: 'answers', options: [[], [error('VALIDATION_FAILED')]] }
        : one(error('NOT_FOUND'));
  }
}

/** The conversation a frame resumes, if it is a valid `resume`. */
export function resumeOf(frame: Materialized): string | null {
  if (frame.kind !== 'text') return null;
  const parsed = parseClientFrame(frame.text);
  return parsed.ok && parsed.frame.type === 'resume' ? parsed.frame.conversationId : null;
}

/**
 * The answers of frames sent together: each frame's own, except that a `resume` followed by a newer
 * `resume` of the same conversation may go unanswered (docs/protocol.md, Resuming: "the older
 * `resume`s of it still waiting their turn are skipped (no answer)").
 */
export function expectTogether(frames: readonly Materialized[], own: string): DirectAnswer[][][] {
  return frames.map((frame, i) => {
    const expected = expectAfterReady(frame, own);
    const options = expected.kind === 'answers' ? expected.options : [];
    const resumed = resumeOf(frame);
    const superseded = resumed !== null && frames.slice(i + 1).some((later) => resumeOf(later) === resumed);
    return superseded ? [[], ...options] : options;
  });
}

/** The direct answers among server frames, as comparable values (an ack also names its conversation). */
export function directAnswers(frames: readonly Record<string, unknown>[]): (DirectAnswer & { conversationId?: unknown })[] {
  const answers: (DirectAnswer & { conversationId?: unknown })[] = [];
  for (const frame of frames) {
    if (frame.type === 'pong') answers.push({ type: 'pong' });
    else if (frame.type === 'ack') answers.push({ type: 'ack', clientId: String(frame.clientId), conversationId: frame.conversationId });
    else if (frame.type === 'error')
      answers.push(typeof frame.clientId === 'string' ? error(String(frame.code), frame.clientId) : error(String(frame.code)));
  }
  return answers;
}

const same = (a: DirectAnswer, b: DirectAnswer) =>
  a.type === b.type &&
  (a.type !== 'error' || (b.type === 'error' && a.code === b.code && a.clientId === b.clientId)) &&
  (a.type !== 'ack' || (b.type === 'ack' && a.clientId === b.clientId));

/** Whether `received` is exactly one choice of options per frame, in order. */
export function matches(expected: readonly DirectAnswer[][][], received: readonly DirectAnswer[]): boolean {
  const from = (frame: number, at: number): boolean => {
    if (frame === expected.length) return at === received.length;
    return (expected[frame] as DirectAnswer[][]).some(
      (option) =>
        option.every((answer, i) => received[at + i] !== undefined && same(answer, received[at + i] as DirectAnswer)) &&
        from(frame + 1, at + option.length),
    );
  };
  return from(0, 0);
}
