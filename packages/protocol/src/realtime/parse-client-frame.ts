import { CLIENT_FRAME_SCHEMAS, type ClientFrame } from './client-frames.js';
import { compiledSchemas, type FrameParseResult, parseFrame } from './parse-frame.js';

export type ClientFrameParseResult = FrameParseResult<ClientFrame>;

/** Compiled at the first frame: the server's hot path. */
let schemas: typeof CLIENT_FRAME_SCHEMAS | undefined;

/**
 * Parses one client → server text frame (docs/protocol.md). Pure, never throws. Unknown fields are ignored
 * and left out of the result; the error names the first bad field (`send.text must be …`).
 */
export function parseClientFrame(text: string): ClientFrameParseResult {
  schemas ??= compiledSchemas(CLIENT_FRAME_SCHEMAS);
  return parseFrame(text, schemas);
}
