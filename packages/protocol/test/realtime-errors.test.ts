import { describe, expect, it } from 'vitest';
import { parseClientFrame, parseServerFrame } from '../src/index.js';

// The exact error texts, as the hand-written parsers gave them before the frames became schemas: a client
// reads them in `VALIDATION_FAILED` errors and `PROTOCOL_ERROR` close reasons, so their wording is protocol.
const CLIENT: [frame: string, error: string][] = [
  ['nope', 'frame is not valid JSON'],
  ['[]', 'frame must be a JSON object'],
  ['{"typ":"auth"}', 'type is required'],
  ['{"type":7}', 'type must be one of auth, send, resume, typing, read, ping'],
  ['{"type":"pong"}', 'type must be one of auth, send, resume, typing, read, ping'],
  ['{"type":"auth"}', 'auth.token is required'],
  ['{"type":"auth","token":"a\\u0000"}', 'auth.token must be 1..4096 characters, no control characters'],
  ['{"type":"send","clientId":"c 1","text":"hi"}', 'send.clientId must be 1..64 characters of A-Z a-z 0-9 _ -'],
  ['{"type":"send","clientId":"c1","text":" "}', 'send.text must be 1..5000 characters, not blank, no control characters but tab, LF, CR'],
  [
    '{"type":"send","clientId":"c1","text":"hi","conversationId":null}',
    'send.conversationId must be 1..100 characters, no control characters',
  ],
  ['{"type":"resume","conversationId":"c","afterSeq":-1}', 'resume.afterSeq must be an integer >= 0'],
  ['{"type":"resume","conversationId":"c"}', 'resume.afterSeq is required'],
  ['{"type":"typing","conversationId":"c","typing":"yes"}', 'typing.typing must be true or false'],
  ['{"type":"read","conversationId":"","seq":1}', 'read.conversationId must be 1..100 characters, no control characters'],
];

const SERVER: [frame: string, error: string][] = [
  ['{"type":"auth"}', 'type must be one of ready, ack, message, resumed, conversation, typing, read, pong, resync, error'],
  ['{"type":"ready","heartbeatSeconds":30}', 'ready.role is required'],
  ['{"type":"ready","role":"admin","heartbeatSeconds":30}', 'ready.role must be one of visitor, operator'],
  ['{"type":"ready","role":"visitor","heartbeatSeconds":30}', 'ready.vuid is required'],
  [
    '{"type":"ready","role":"visitor","heartbeatSeconds":0,"vuid":"v","authenticated":true,"userId":null,"conversationId":null}',
    'ready.heartbeatSeconds must be an integer >= 1',
  ],
  ['{"type":"ready","role":"operator","heartbeatSeconds":30,"userId":7}', 'ready.userId must be null or a string of 1..255 characters'],
  [
    '{"type":"ack","clientId":"c1","messageId":"m","conversationId":"c","seq":1,"createdAt":"2025-01-31 09:30"}',
    'ack.createdAt must be an ISO 8601 UTC timestamp',
  ],
  ['{"type":"message","conversationId":"c","message":[]}', 'message.message must be an object'],
  ['{"type":"message","conversationId":"c"}', 'message.message is required'],
  [
    '{"type":"message","conversationId":"c","message":{"id":"m","seq":1,"author":{"kind":"robot","id":null}}}',
    'message.message.author.kind must be one of visitor, agent, system',
  ],
  [
    '{"type":"message","conversationId":"c","message":{"id":"m","seq":1,"author":{"kind":"agent"}}}',
    'message.message.author.id is required',
  ],
  [
    '{"type":"conversation","conversation":{"id":"c","projectId":"p","status":"gone"}}',
    'conversation.conversation.status must be one of open, closed',
  ],
  [`{"type":"error","code":"X","message":"${'x'.repeat(1001)}"}`, 'error.message must be a string of at most 1000 characters'],
  ['{"type":"error","code":"","message":""}', 'error.code must be a string of 1..100 characters'],
];

describe('realtime frame errors', () => {
  it.each(CLIENT)('client frame %s: %s', (frame, error) => {
    expect(parseClientFrame(frame)).toEqual({ ok: false, error });
  });

  it.each(SERVER)('server frame %s: %s', (frame, error) => {
    expect(parseServerFrame(frame)).toEqual({ ok: false, error });
  });

  it('reads -0 as 0', () => {
    const parsed = parseClientFrame('{"type":"read","conversationId":"c","seq":-0}');
    expect(parsed.ok && parsed.frame.type === 'read' && Object.is(parsed.frame.seq, 0)).toBe(true);
  });
});
