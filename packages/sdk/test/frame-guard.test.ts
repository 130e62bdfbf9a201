import { describe, expect, it } from 'vitest';
import { readServerFrame } from '../src/frame-guard.js';

const message = {
  type: 'message',
  conversationId: 'conv_1',
  message: {
    id: 'msg_1',
    seq: 1,
    author: { kind: 'agent', id: 'op_1' },
    text: 'Hi',
    createdAt: '2026-01-01T00:00:00.000Z',
    clientId: null,
    verified: false,
    brandKeyId: null,
  },
};

describe('readServerFrame', () => {
  it('accepts the frames the SDK reads', () => {
    expect(readServerFrame(JSON.stringify(message))).toEqual(message);
    expect(
      readServerFrame(
        '{"type":"ready","role":"visitor","heartbeatSeconds":30,"vuid":"v","authenticated":false,"userId":null,"conversationId":null}',
      ),
    ).toMatchObject({ type: 'ready' });
    expect(readServerFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
    expect(readServerFrame('{"type":"resync"}')).toEqual({ type: 'resync' });
  });

  it('refuses what it could not use: bad JSON, unknown types, missing or mistyped fields', () => {
    for (const data of [
      'not json',
      'null',
      '[]',
      '{"type":"newer-frame"}',
      '{"type":"__proto__"}',
      '{"type":"ack","clientId":"c","messageId":"m","conversationId":"x","seq":"1","createdAt":"t"}',
      JSON.stringify({ ...message, message: { ...message.message, author: null } }),
      JSON.stringify({ ...message, message: { ...message.message, text: 42 } }),
    ])
      expect(readServerFrame(data), data).toBeNull();
  });
});
