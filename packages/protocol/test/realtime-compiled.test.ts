import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CLIENT_FRAME_SCHEMAS, CLIENT_FRAME_TYPES, parseClientFrame } from '../src/index.js';
import { parseFrame } from '../src/realtime/parse-frame.js';

// parseClientFrame runs the schemas compiled by zod (the server's hot path): it must answer exactly as they do.
describe('the compiled client frame schemas', () => {
  it('answer as the schemas themselves, valid or not', () => {
    const fields = ['token', 'clientId', 'text', 'conversationId', 'afterSeq', 'typing', 'seq'];
    const value = fc.oneof(
      fc.constantFrom('c1', 'conv_1', 'hi', ' ', '', 'a\u0000b', 'x'.repeat(101), 0, -0, 1, 1.5, -1, 2 ** 53, true, null, [], {}),
      fc.jsonValue(),
    );
    const frame = fc
      .tuple(fc.constantFrom(...CLIENT_FRAME_TYPES), fc.dictionary(fc.constantFrom(...fields), value))
      .map(([type, values]) => JSON.stringify({ ...values, type }));
    fc.assert(
      fc.property(frame, (text) => {
        const compiled = parseClientFrame(text);
        const plain = parseFrame(text, CLIENT_FRAME_SCHEMAS);
        expect(compiled).toEqual(plain);
        if (compiled.ok && plain.ok) expect(JSON.stringify(compiled.frame)).toBe(JSON.stringify(plain.frame));
      }),
      { numRuns: 3000 },
    );
  });
});
