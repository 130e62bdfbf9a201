import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type FrameParseResult, parseClientFrame, parseServerFrame, utf8ByteLength } from '../src/index.js';

/** The conformance cases any client can run (format described in the file itself). */
interface ConformanceCase {
  name: string;
  frame?: unknown;
  text?: string;
  padTo?: number;
  valid: boolean;
  parsed?: unknown;
  field?: string;
}

const suite = JSON.parse(readFileSync(new URL('./realtime-frames.json', import.meta.url), 'utf8')) as {
  client: ConformanceCase[];
  server: ConformanceCase[];
};

/** Expands `{ "$repeat": s, "times": n }` into s repeated n times, anywhere in a JSON value. */
function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 2 && typeof object.$repeat === 'string' && typeof object.times === 'number') {
    return object.$repeat.repeat(object.times);
  }
  return Object.fromEntries(keys.map((key) => [key, expand(object[key])]));
}

function frameText(testCase: ConformanceCase): string {
  if (testCase.text !== undefined) return testCase.text;
  const frame = expand(testCase.frame);
  if (testCase.padTo === undefined) return JSON.stringify(frame);
  const base = utf8ByteLength(JSON.stringify({ ...(frame as object), pad: '' }));
  return JSON.stringify({ ...(frame as object), pad: 'x'.repeat(testCase.padTo - base) });
}

function check(parse: (text: string) => FrameParseResult<unknown>, testCase: ConformanceCase): void {
  const text = frameText(testCase);
  if (testCase.padTo !== undefined) expect(utf8ByteLength(text)).toBe(testCase.padTo);
  const result = parse(text);
  if (testCase.valid) {
    expect(result).toEqual({ ok: true, frame: expand(testCase.parsed ?? testCase.frame) });
  } else {
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.startsWith(`${testCase.field} `), result.error).toBe(true);
  }
}

describe('realtime conformance suite (packages/protocol/test/realtime-frames.json)', () => {
  it('covers every frame type with valid and invalid cases', () => {
    const types = (cases: ConformanceCase[], valid: boolean) =>
      new Set(cases.filter((c) => c.valid === valid).map((c) => (expand(c.frame) as { type?: unknown } | null)?.type));
    for (const type of ['auth', 'send', 'resume', 'typing', 'read', 'ping']) expect(types(suite.client, true).has(type), type).toBe(true);
    for (const type of ['ready', 'ack', 'message', 'resumed', 'conversation', 'typing', 'read', 'pong', 'resync', 'error']) {
      expect(types(suite.server, true).has(type), type).toBe(true);
    }
    for (const testCase of [...suite.client, ...suite.server]) {
      expect(testCase.valid || typeof testCase.field === 'string', testCase.name).toBe(true);
      expect((testCase.frame === undefined) !== (testCase.text === undefined), testCase.name).toBe(true);
    }
  });

  describe('client frames', () => {
    for (const testCase of suite.client) it(testCase.name, () => check(parseClientFrame, testCase));
  });

  describe('server frames', () => {
    for (const testCase of suite.server) it(testCase.name, () => check(parseServerFrame, testCase));
  });
});
