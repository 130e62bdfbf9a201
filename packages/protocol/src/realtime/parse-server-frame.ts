import { type FrameParseResult, parseFrame } from './parse-frame.js';
import { SERVER_FRAME_SCHEMAS, type ServerFrame } from './server-frames.js';

export type ServerFrameParseResult = FrameParseResult<ServerFrame>;

/**
 * Parses one server → client text frame (docs/protocol.md), for the desk and tests. Pure, never throws.
 * Unknown fields are ignored and left out; a client should ignore (and log) a frame that fails, since a
 * newer server may send frame types this version does not know. Not compiled: it runs in the desk, whose
 * CSP forbids `new Function`.
 */
export function parseServerFrame(text: string): ServerFrameParseResult {
  return parseFrame(text, SERVER_FRAME_SCHEMAS);
}
