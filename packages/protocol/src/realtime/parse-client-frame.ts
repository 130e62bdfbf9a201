import { CLIENT_ID_RULE, ID_RULE, isAuthToken, isClientId, isMessageText, isRealtimeId, TEXT_RULE, TOKEN_RULE } from './field-rules.js';
import { type FieldReader, parseFrame } from './fields.js';
import { CLIENT_FRAME_TYPES, type ClientFrame, type ClientFrameParseResult, type SendFrame } from './frames.js';

const readers: Record<ClientFrame['type'], (frame: FieldReader) => ClientFrame> = {
  auth: (frame) => ({ type: 'auth', token: frame.string('token', TOKEN_RULE, isAuthToken) }),
  send: (frame) => {
    const send: SendFrame = {
      type: 'send',
      clientId: frame.string('clientId', CLIENT_ID_RULE, isClientId),
      text: frame.string('text', TEXT_RULE, isMessageText),
    };
    if (frame.has('conversationId')) send.conversationId = frame.string('conversationId', ID_RULE, isRealtimeId);
    return send;
  },
  resume: (frame) => ({
    type: 'resume',
    conversationId: frame.string('conversationId', ID_RULE, isRealtimeId),
    afterSeq: frame.integer('afterSeq', 0),
  }),
  typing: (frame) => ({
    type: 'typing',
    conversationId: frame.string('conversationId', ID_RULE, isRealtimeId),
    typing: frame.boolean('typing'),
  }),
  read: (frame) => ({
    type: 'read',
    conversationId: frame.string('conversationId', ID_RULE, isRealtimeId),
    seq: frame.integer('seq', 0),
  }),
  ping: () => ({ type: 'ping' }),
};

/**
 * Parses one client → server text frame (docs/protocol.md). Pure, never throws. Unknown fields are ignored
 * and left out of the result; the error names the first bad field (`send.text must be …`).
 */
export function parseClientFrame(text: string): ClientFrameParseResult {
  return parseFrame(text, CLIENT_FRAME_TYPES, readers);
}
