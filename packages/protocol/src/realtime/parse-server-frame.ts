import { MAX_USER_ID_LENGTH } from '../defaults.js';
import { CLIENT_ID_RULE, isClientId } from './field-rules.js';
import { type FieldReader, lengthWithin, parseFrame } from './fields.js';
import {
  AUTHOR_KINDS,
  CONVERSATION_STATUSES,
  type ErrorFrame,
  REALTIME_ROLES,
  type ReadyFrame,
  type RealtimeAuthor,
  SERVER_FRAME_TYPES,
  type ServerFrame,
  type ServerFrameParseResult,
} from './frames.js';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ID_LENGTH, MAX_MESSAGE_TEXT_LENGTH } from './limits.js';

/**
 * Server frames are checked for shape and size, not for the content rules the server applies to client
 * frames: ids, user ids and texts are whatever the server stored (a user id comes from a brand's token).
 */
const ID = `a string of 1..${MAX_ID_LENGTH} characters`;
const USER_ID = `a string of 1..${MAX_USER_ID_LENGTH} characters`;
const TEXT = `a string of 1..${MAX_MESSAGE_TEXT_LENGTH} characters`;
const ERROR_MESSAGE = `a string of at most ${MAX_ERROR_MESSAGE_LENGTH} characters`;
const TIMESTAMP = 'an ISO 8601 UTC timestamp';

const isId = lengthWithin(1, MAX_ID_LENGTH);
const isUserId = lengthWithin(1, MAX_USER_ID_LENGTH);
const isText = lengthWithin(1, MAX_MESSAGE_TEXT_LENGTH);
const isErrorMessage = lengthWithin(0, MAX_ERROR_MESSAGE_LENGTH);
const TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const isTimestamp = (value: string) => TIMESTAMP_PATTERN.test(value);

function author(frame: FieldReader): RealtimeAuthor {
  const reader = frame.object('author');
  return { kind: reader.oneOf('kind', AUTHOR_KINDS), id: reader.nullableString('id', ID, isId) };
}

/** A visitor's ready frame always carries the four visitor fields; an operator's may not. */
function ready(frame: FieldReader): ReadyFrame {
  const role = frame.oneOf('role', REALTIME_ROLES);
  const visitor = role === 'visitor';
  const result: ReadyFrame = { type: 'ready', role, heartbeatSeconds: frame.integer('heartbeatSeconds', 1) };
  if (visitor || frame.has('vuid')) result.vuid = frame.string('vuid', ID, isId);
  if (visitor || frame.has('authenticated')) result.authenticated = frame.boolean('authenticated');
  if (visitor || frame.has('userId')) result.userId = frame.nullableString('userId', USER_ID, isUserId);
  if (visitor || frame.has('conversationId')) result.conversationId = frame.nullableString('conversationId', ID, isId);
  return result;
}

function error(frame: FieldReader): ErrorFrame {
  const result: ErrorFrame = {
    type: 'error',
    code: frame.string('code', ID, isId),
    message: frame.string('message', ERROR_MESSAGE, isErrorMessage),
  };
  if (frame.has('clientId')) result.clientId = frame.string('clientId', CLIENT_ID_RULE, isClientId);
  return result;
}

const readers: Record<ServerFrame['type'], (frame: FieldReader) => ServerFrame> = {
  ready,
  ack: (frame) => ({
    type: 'ack',
    clientId: frame.string('clientId', CLIENT_ID_RULE, isClientId),
    messageId: frame.string('messageId', ID, isId),
    conversationId: frame.string('conversationId', ID, isId),
    seq: frame.integer('seq', 1),
    createdAt: frame.string('createdAt', TIMESTAMP, isTimestamp),
  }),
  message: (frame) => {
    const conversationId = frame.string('conversationId', ID, isId);
    const message = frame.object('message');
    return {
      type: 'message',
      conversationId,
      message: {
        id: message.string('id', ID, isId),
        seq: message.integer('seq', 1),
        author: author(message),
        text: message.string('text', TEXT, isText),
        createdAt: message.string('createdAt', TIMESTAMP, isTimestamp),
        clientId: message.nullableString('clientId', ID, isId),
        verified: message.boolean('verified'),
        brandKeyId: message.nullableString('brandKeyId', ID, isId),
      },
    };
  },
  resumed: (frame) => ({
    type: 'resumed',
    conversationId: frame.string('conversationId', ID, isId),
    lastSeq: frame.integer('lastSeq', 0),
  }),
  conversation: (frame) => {
    const conversation = frame.object('conversation');
    return {
      type: 'conversation',
      conversation: {
        id: conversation.string('id', ID, isId),
        projectId: conversation.string('projectId', ID, isId),
        status: conversation.oneOf('status', CONVERSATION_STATUSES),
        assignedOperatorId: conversation.nullableString('assignedOperatorId', ID, isId),
        lastSeq: conversation.integer('lastSeq', 0),
        authenticated: conversation.boolean('authenticated'),
        userId: conversation.nullableString('userId', USER_ID, isUserId),
      },
    };
  },
  typing: (frame) => ({
    type: 'typing',
    conversationId: frame.string('conversationId', ID, isId),
    author: author(frame),
    typing: frame.boolean('typing'),
  }),
  read: (frame) => ({
    type: 'read',
    conversationId: frame.string('conversationId', ID, isId),
    author: author(frame),
    seq: frame.integer('seq', 0),
  }),
  pong: () => ({ type: 'pong' }),
  resync: () => ({ type: 'resync' }),
  error,
};

/**
 * Parses one server → client text frame (docs/protocol.md), for the SDK and tests. Pure, never throws.
 * Unknown fields are ignored and left out; a client should ignore (and log) a frame that fails, since a
 * newer server may send frame types this version does not know.
 */
export function parseServerFrame(text: string): ServerFrameParseResult {
  return parseFrame(text, SERVER_FRAME_TYPES, readers);
}
