import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AUTHOR_KINDS,
  CLIENT_FRAME_TYPES,
  type ClientFrame,
  type ClientFrameType,
  CONVERSATION_STATUSES,
  isAuthToken,
  isMessageText,
  isRealtimeId,
  MAX_CLOSE_REASON_BYTES,
  MAX_FRAME_BYTES,
  MAX_ID_LENGTH,
  MAX_MESSAGE_TEXT_LENGTH,
  MAX_USER_ID_LENGTH,
  type MessageFrame,
  parseClientFrame,
  parseServerFrame,
  type RealtimeAuthor,
  SERVER_FRAME_TYPES,
  type SendFrame,
  type ServerFrame,
  type ServerFrameType,
  utf8ByteLength,
} from '../src/index.js';

const PROTOCOL_ERROR_PREFIX = 'PROTOCOL_ERROR: ';

// Client frames: what the server accepts.
const spaces = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '\u00a0', '\u3000');
const clientId = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
const id = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: MAX_ID_LENGTH }),
    fc.constantFrom('😀'.repeat(MAX_ID_LENGTH), 'é'.repeat(MAX_ID_LENGTH)),
  )
  .filter(isRealtimeId);
const token = fc
  .oneof(fc.stringMatching(/^prl_(op|api)_[A-Za-z0-9_-]{43}$/), fc.string({ minLength: 1, maxLength: 600 }), fc.constant('e'.repeat(4096)))
  .filter(isAuthToken);
const text = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
    fc.tuple(spaces, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), spaces).map((parts) => parts.join('')),
    fc.constantFrom('😀'.repeat(MAX_MESSAGE_TEXT_LENGTH), '"'.repeat(MAX_MESSAGE_TEXT_LENGTH)),
  )
  .filter(isMessageText);
const seq = fc.oneof(fc.nat(1000), fc.maxSafeNat());

const clientFrame: fc.Arbitrary<ClientFrame> = fc.oneof(
  fc.record({ type: fc.constant('auth' as const), token }),
  fc.record({ type: fc.constant('send' as const), clientId, text, conversationId: id }, { requiredKeys: ['type', 'clientId', 'text'] }),
  fc.record({ type: fc.constant('resume' as const), conversationId: id, afterSeq: seq }),
  fc.record({ type: fc.constant('typing' as const), conversationId: id, typing: fc.boolean() }),
  fc.record({ type: fc.constant('read' as const), conversationId: id, seq }),
  fc.constant({ type: 'ping' as const }),
);

// Server frames: checked for shape and size only, so any content of the right length.
const serverString = (max: number) => fc.string({ unit: 'binary', minLength: 1, maxLength: max });
const serverId = serverString(MAX_ID_LENGTH);
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
const timestamp = fc
  .date({ min: new Date(0), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((date) => date.toISOString());
const author: fc.Arbitrary<RealtimeAuthor> = fc.record({ kind: fc.constantFrom(...AUTHOR_KINDS), id: nullable(serverId) });
const positiveSeq = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
const userId = serverString(MAX_USER_ID_LENGTH);

const serverFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
  fc.record({
    type: fc.constant('ready' as const),
    role: fc.constant('visitor' as const),
    vuid: serverId,
    authenticated: fc.boolean(),
    userId: nullable(userId),
    conversationId: nullable(serverId),
    heartbeatSeconds: fc.integer({ min: 1, max: 3600 }),
  }),
  fc.record(
    {
      type: fc.constant('ready' as const),
      role: fc.constant('operator' as const),
      vuid: serverId,
      heartbeatSeconds: fc.integer({ min: 1 }),
    },
    { requiredKeys: ['type', 'role', 'heartbeatSeconds'] },
  ),
  fc.record({
    type: fc.constant('ack' as const),
    clientId,
    messageId: serverId,
    conversationId: serverId,
    seq: positiveSeq,
    createdAt: timestamp,
  }),
  fc.record({
    type: fc.constant('message' as const),
    conversationId: serverId,
    message: fc.record({
      id: serverId,
      seq: positiveSeq,
      author,
      text: fc.oneof(serverString(300), fc.constant('x'.repeat(MAX_MESSAGE_TEXT_LENGTH))),
      createdAt: timestamp,
      clientId: nullable(serverId),
      verified: fc.boolean(),
      brandKeyId: nullable(serverId),
    }),
  }),
  fc.record({ type: fc.constant('resumed' as const), conversationId: serverId, lastSeq: seq }),
  fc.record({
    type: fc.constant('conversation' as const),
    conversation: fc.record({
      id: serverId,
      projectId: serverId,
      status: fc.constantFrom(...CONVERSATION_STATUSES),
      assignedOperatorId: nullable(serverId),
      lastSeq: seq,
      authenticated: fc.boolean(),
      userId: nullable(userId),
    }),
  }),
  fc.record({ type: fc.constant('typing' as const), conversationId: serverId, author, typing: fc.boolean() }),
  fc.record({ type: fc.constant('read' as const), conversationId: serverId, author, seq }),
  fc.constant({ type: 'pong' as const }),
  fc.constant({ type: 'resync' as const }),
  fc.record(
    { type: fc.constant('error' as const), code: serverId, message: fc.string({ unit: 'binary', maxLength: 1000 }), clientId },
    { requiredKeys: ['type', 'code', 'message'] },
  ),
);

function expectNamedError(result: { ok: boolean; error?: string }): void {
  expect(result.ok).toBe(false);
  expect(result.error).toMatch(/^(frame|type|[a-z]+(\.[A-Za-z]+)+) \S/);
  // Errors are ASCII and short enough to travel whole in a close reason after "PROTOCOL_ERROR: ".
  expect(result.error).toMatch(/^[\x20-\x7e]+$/);
  expect(utf8ByteLength(result.error ?? '')).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES - PROTOCOL_ERROR_PREFIX.length);
}

describe('realtime frames: properties', () => {
  it('lists every frame type', () => {
    expectTypeOf<ClientFrameType>().toEqualTypeOf<ClientFrame['type']>();
    expectTypeOf<ServerFrameType>().toEqualTypeOf<ServerFrame['type']>();
    expect(new Set(CLIENT_FRAME_TYPES).size).toBe(CLIENT_FRAME_TYPES.length);
    expect(new Set(SERVER_FRAME_TYPES).size).toBe(SERVER_FRAME_TYPES.length);
  });

  it('round-trips any client frame through JSON.stringify → parseClientFrame', () => {
    fc.assert(
      fc.property(clientFrame, (frame) => {
        expect(parseClientFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips any server frame through JSON.stringify → parseServerFrame', () => {
    fc.assert(
      fc.property(serverFrame, (frame) => {
        expect(parseServerFrame(JSON.stringify(frame))).toEqual({ ok: true, frame });
      }),
      { numRuns: 500 },
    );
  });

  it('ignores and drops unknown fields', () => {
    const extra = fc.dictionary(fc.stringMatching(/^x_[a-z]{1,8}$/), fc.jsonValue(), { maxKeys: 3 });
    fc.assert(
      fc.property(clientFrame, extra, (frame, fields) => {
        expect(parseClientFrame(JSON.stringify({ ...fields, ...frame }))).toEqual({ ok: true, frame });
      }),
    );
    fc.assert(
      fc.property(serverFrame, extra, (frame, fields) => {
        expect(parseServerFrame(JSON.stringify({ ...fields, ...frame }))).toEqual({ ok: true, frame });
      }),
    );
  });

  it('names the field when one field of a valid client frame is missing or ill-typed', () => {
    const bad = fc.constantFrom<unknown>(null, {}, [], 1.5, -1, '', true, '\u0000', 'x'.repeat(5001));
    fc.assert(
      fc.property(clientFrame, fc.nat(), bad, fc.boolean(), (frame, pick, value, remove) => {
        const fields = Object.keys(frame).filter((key) => key !== 'type');
        const field = fields[pick % Math.max(fields.length, 1)];
        if (field === undefined) return;
        const mutated: Record<string, unknown> = { ...frame };
        if (remove && field !== 'conversationId') delete mutated[field];
        else mutated[field] = value;
        const result = parseClientFrame(JSON.stringify(mutated));
        // A few bad values happen to be valid for some fields (true for typing, '' never is).
        const stillValid = isAcceptable(frame.type, field, value) && !(remove && field !== 'conversationId');
        if (stillValid) return;
        expectNamedError(result);
        if (!result.ok) expect(result.error.startsWith(`${frame.type}.${field} `), result.error).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws, and names what it refuses, whatever the text', () => {
    const fieldNames = ['token', 'clientId', 'text', 'conversationId', 'afterSeq', 'typing', 'seq', 'message', 'author', 'role'];
    const almostFrame = fc
      .tuple(fc.constantFrom(...CLIENT_FRAME_TYPES, ...SERVER_FRAME_TYPES), fc.dictionary(fc.constantFrom(...fieldNames), fc.jsonValue()))
      .map(([type, fields]) => JSON.stringify({ ...fields, type }));
    const anyText = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: 'binary-ascii' }),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      almostFrame,
    );
    fc.assert(
      fc.property(anyText, (input) => {
        for (const parse of [parseClientFrame, parseServerFrame]) {
          const result = parse(input);
          if (result.ok) expect(parse(JSON.stringify(result.frame))).toEqual(result);
          else expectNamedError(result);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not a string without throwing', () => {
    for (const input of [undefined, null, 42, new Uint8Array([123, 125]), { type: 'ping' }]) {
      expect(parseClientFrame(input as unknown as string)).toEqual({ ok: false, error: 'frame must be a text frame' });
      expect(parseServerFrame(input as unknown as string)).toEqual({ ok: false, error: 'frame must be a text frame' });
    }
  });
});

describe('realtime frames: size', () => {
  it('counts UTF-8 bytes as TextEncoder does, lone surrogates included', () => {
    const encoder = new TextEncoder();
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 64 }).map((codes) => String.fromCharCode(...codes));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), units), (value) => {
        expect(utf8ByteLength(value)).toBe(encoder.encode(value).length);
      }),
      { numRuns: 1000 },
    );
  });

  it('measures the limit in bytes, not characters', () => {
    const pad = (fill: string, count: number) => JSON.stringify({ type: 'ping', pad: fill.repeat(count) });
    const overhead = utf8ByteLength(pad('', 0));
    expect(parseClientFrame(pad('é', (MAX_FRAME_BYTES - overhead) / 2)).ok).toBe(true);
    expect(parseClientFrame(`${pad('é', (MAX_FRAME_BYTES - overhead) / 2)} `)).toEqual({
      ok: false,
      error: `frame exceeds ${MAX_FRAME_BYTES} bytes`,
    });
    expect(parseClientFrame(pad('😀', Math.ceil((MAX_FRAME_BYTES - overhead + 1) / 4))).ok).toBe(false);
    expect(parseServerFrame(JSON.stringify({ type: 'pong', pad: 'x'.repeat(MAX_FRAME_BYTES) })).ok).toBe(false);
  });

  it('fits the largest valid send frame and the message frame that relays it', () => {
    const worstId = '😀'.repeat(MAX_ID_LENGTH);
    // 4 UTF-8 bytes per code point is the most a valid text can take; quotes and backslashes take 2 once escaped.
    for (const fill of ['😀', '"', '\\', 'a\n']) {
      const worstText = fill.repeat(MAX_MESSAGE_TEXT_LENGTH / [...fill].length);
      const send: SendFrame = { type: 'send', clientId: 'c'.repeat(64), text: worstText, conversationId: worstId };
      const relayed: MessageFrame = {
        type: 'message',
        conversationId: worstId,
        message: {
          id: worstId,
          seq: Number.MAX_SAFE_INTEGER,
          author: { kind: 'visitor', id: worstId },
          text: worstText,
          createdAt: '2025-01-31T09:30:00.000Z',
          clientId: send.clientId,
          verified: true,
          brandKeyId: worstId,
        },
      };
      expect(utf8ByteLength(JSON.stringify(send))).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      expect(utf8ByteLength(JSON.stringify(relayed))).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      expect(parseClientFrame(JSON.stringify(send))).toEqual({ ok: true, frame: send });
      expect(parseServerFrame(JSON.stringify(relayed))).toEqual({ ok: true, frame: relayed });
    }
  });
});

/** Whether `value` is, by chance, a valid value for this field (the mutation test then expects success). */
function isAcceptable(type: ClientFrameType, field: string, value: unknown): boolean {
  if (field === 'typing') return typeof value === 'boolean';
  if (field === 'afterSeq' || field === 'seq') return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
  if (typeof value !== 'string') return false;
  if (field === 'text') return isMessageText(value);
  if (field === 'token') return isAuthToken(value);
  if (field === 'clientId') return /^[A-Za-z0-9_-]{1,64}$/.test(value);
  return type !== 'ping' && isRealtimeId(value);
}
