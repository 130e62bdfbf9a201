/**
 * Frames for /realtime (docs/protocol.md): every client frame type with valid and invalid fields,
 * unknown types, text that is not JSON or not an object, binary frames, text frames that are not
 * UTF-8, frames padded to just under and just over the 32 KiB limit, resumes with odd afterSeq,
 * and sends, resumes, typing and reads aimed at conversations of other visitors. Placeholders in
 * the text are replaced when the frame is sent: `$OWN$` (this socket's visitor's conversation),
 * `$VICTIM$` and `$PREV$` (conversations of other visitors), `$T_…$` (tokens of the fixture).
 */
import { isMessageText } from '@parley/protocol';
import fc from 'fast-check';
import type { Json } from './credentials.js';

export type FrameSpec =
  /** `JSON.stringify(value)`. */
  | { kind: 'json'; value: Json }
  /** Raw text, not necessarily JSON. */
  | { kind: 'text'; text: string }
  | { kind: 'binary'; bytes: Uint8Array }
  /** A text frame whose bytes are not UTF-8. */
  | { kind: 'invalidUtf8'; bytes: Uint8Array }
  /** `value` with a `pad` field of `x`s making the frame MAX_FRAME_BYTES + `delta` bytes. */
  | { kind: 'sized'; value: { [key: string]: Json }; delta: number };

export type RealtimeCase =
  /** The first frame of a fresh socket, before `ready`. */
  | { phase: 'first'; frame: FrameSpec }
  /** Frames on a socket authenticated as a fuzz visitor (each case ends with a ping that must be answered). */
  | { phase: 'ready'; frames: FrameSpec[] };

export const TOKEN_PLACEHOLDERS = ['$T_VISITOR$', '$T_ADMIN$', '$T_APIKEY$', '$T_TEST$', '$T_REVOKED$'] as const;
export const CONVERSATION_PLACEHOLDERS = ['$OWN$', '$VICTIM$', '$PREV$'] as const;

const odd: fc.Arbitrary<Json> = fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, 2 ** 53, -0, '', ' ', [], {}, ['x'], { a: 1 });
const withOdd = <T extends Json>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<Json>) =>
  fc.oneof({ weight: 6, arbitrary: good as fc.Arbitrary<Json> }, { weight: 1, arbitrary: bad }, { weight: 1, arbitrary: odd });

const clientId = withOdd(
  fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)),
  fc.constantFrom('', 'x'.repeat(65), 'has space', 'é', 'a\u0000b', 'a.b', '🔒'),
);

const text = withOdd(
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.string({ minLength: 1, maxLength: 120 }).filter(isMessageText),
    },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), '🔒'.repeat(5000), ' padded ', '\tindent\n', 'emoji 👩‍👩‍👧', '\u202eRTL') },
  ),
  fc.constantFrom('', '   ', '\u3000\ufeff', 'x'.repeat(5001), '🔒'.repeat(5001), 'nul\u0000', 'esc\u001b[31m', 'lone \ud800', 'c1 \u0085'),
);

const conversationId = withOdd(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...CONVERSATION_PLACEHOLDERS, '$OWN$', '$OWN$') },
    { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9_-]{1,40}$/) },
  ),
  fc.constantFrom('', 'c'.repeat(101), 'c'.repeat(100), 'a\u0000', 'a\nb', "' OR 1=1 --", '../', '$OWN$ ', '$VICTIM$$VICTIM$'),
);

const seq = withOdd(
  fc.oneof(fc.nat(50), fc.constantFrom(0, 1, 2 ** 31, 2 ** 53 - 1)),
  fc.constantFrom<Json>(-1, 0.5, 2 ** 53, 1e308, -1e308, '1', '0', Number.MAX_VALUE),
);

const token = withOdd(
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...TOKEN_PLACEHOLDERS) },
    { weight: 1, arbitrary: fc.constantFrom('prl_op_nope', 'prl_api_nope', 'prl_op_', 'hello', 'eyJ.eyJ.sig', 'Bearer x') },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 60 }) },
  ),
  fc.constantFrom('', 't'.repeat(4097), 't'.repeat(4096), 'tab\there', 'a\u0000'),
);

const typing = withOdd(fc.boolean(), fc.constantFrom<Json>('true', 1, 'false'));

/** Fields of each type, each sometimes left out. */
const fieldsOf: Record<string, fc.Arbitrary<{ [key: string]: Json }>> = {
  auth: fc.record({ token }, { requiredKeys: [] }),
  send: fc.record({ clientId, text, conversationId }, { requiredKeys: ['clientId', 'text'] }),
  resume: fc.record({ conversationId, afterSeq: seq }, { requiredKeys: [] }),
  typing: fc.record({ conversationId, typing }, { requiredKeys: [] }),
  read: fc.record({ conversationId, seq }, { requiredKeys: [] }),
  ping: fc.constant({}),
};

const typeName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('send', 'send', 'send', 'resume', 'typing', 'read', 'ping', 'auth') },
  { weight: 1, arbitrary: fc.constantFrom('SEND', 'Ping', 'message', 'ack', 'ready', 'pong', '', 'send ', '__proto__', 'constructor') },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const extraFields = fc.dictionary(fc.constantFrom('pad', 'extra', '__proto__', 'type2', 'id', 'author'), odd, { maxKeys: 2 });

const jsonFrame: fc.Arbitrary<Json> = fc
  .tuple(typeName, fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: odd }), extraFields)
  .chain(([type, oddType, extra]) =>
    (Object.hasOwn(fieldsOf, type) ? (fieldsOf[type] as fc.Arbitrary<{ [key: string]: Json }>) : fc.constant({})).map(
      (fields): Json => ({ type: oddType ?? type, ...fields, ...extra }),
    ),
  );

const rawText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '[{"type":"ping"}]',
    '"ping"',
    '42',
    '{',
    '{"type":"ping"',
    '{"type":"ping"}{"type":"ping"}',
    '{"type":"ping","type":"send"}',
    '{"type":"send","clientId":"dup","text":"a","text":""}',
    '{"__proto__":{"type":"ping"}}',
    '{"type":"resume","conversationId":"$OWN$","afterSeq":1e400}',
    '{"type":"read","conversationId":"$OWN$","seq":3.0}',
    '{"type":"typing","conversationId":"\\ud800","typing":true}',
    '\ufeff{"type":"ping"}',
    ' {"type":"ping"} ',
  ),
  fc.integer({ min: 1, max: 3000 }).map((depth) => `{"type":"ping","deep":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.integer({ min: 1, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
);

const sizedBase = fc.oneof(
  fc.constant<{ [key: string]: Json }>({ type: 'ping' }),
  fc.uuid().map((id): { [key: string]: Json } => ({ type: 'send', clientId: id, text: 'near the frame limit', conversationId: '$OWN$' })),
  fc.uuid().map((id): { [key: string]: Json } => ({
    type: 'send',
    clientId: id,
    text: 'to someone else, near the limit',
    conversationId: '$VICTIM$',
  })),
);

export const frameSpec: fc.Arbitrary<FrameSpec> = fc.oneof(
  { weight: 14, arbitrary: jsonFrame.map((value): FrameSpec => ({ kind: 'json', value })) },
  { weight: 3, arbitrary: rawText.map((raw): FrameSpec => ({ kind: 'text', text: raw })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((bytes): FrameSpec => ({ kind: 'binary', bytes })) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom([0x7b, 0xff, 0x7d], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x22, 0x80, 0x22])
      .map((bytes): FrameSpec => ({ kind: 'invalidUtf8', bytes: Uint8Array.from(bytes) })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(sizedBase, fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -300, max: 300 }), fc.integer({ min: 1, max: 40_000 })))
      .map(([value, delta]): FrameSpec => ({ kind: 'sized', value, delta })),
  },
);

export const realtimeCases: fc.Arbitrary<RealtimeCase> = fc.oneof(
  { weight: 1, arbitrary: frameSpec.map((frame): RealtimeCase => ({ phase: 'first', frame })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fieldsOf.auth as fc.Arbitrary<{ [key: string]: Json }>, extraFields)
      .map(([fields, extra]): RealtimeCase => ({ phase: 'first', frame: { kind: 'json', value: { type: 'auth', ...fields, ...extra } } })),
  },
  { weight: 6, arbitrary: fc.array(frameSpec, { minLength: 1, maxLength: 6 }).map((frames): RealtimeCase => ({ phase: 'ready', frames })) },
);
