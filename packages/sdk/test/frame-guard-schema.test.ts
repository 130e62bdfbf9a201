import { readFileSync } from 'node:fs';
import { parseServerFrame, SERVER_FRAME_TYPES, utf8ByteLength } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { readServerFrame, SHAPES, type Shape } from '../src/frame-guard.js';

/**
 * The SDK's guard checks only the fields it reads, to keep the script tag small; the frames' schemas in
 * @parley/protocol are the definition. This holds the guard to them, so the two cannot drift: every frame the
 * schema accepts passes the guard, also with any field the guard reads missing, null or of another JSON type.
 */

interface ConformanceCase {
  frame?: unknown;
  text?: string;
  padTo?: number;
  valid: boolean;
}

const suite = JSON.parse(readFileSync(new URL('../../protocol/test/realtime-frames.json', import.meta.url), 'utf8')) as {
  server: ConformanceCase[];
};

/** `{ "$repeat": s, "times": n }` stands for s repeated n times (the suite's format, docs/protocol.md). */
function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  if (typeof object.$repeat === 'string' && typeof object.times === 'number') return object.$repeat.repeat(object.times);
  return Object.fromEntries(Object.entries(object).map(([key, field]) => [key, expand(field)]));
}

function frameText(testCase: ConformanceCase): string {
  if (testCase.text !== undefined) return testCase.text;
  const frame = expand(testCase.frame) as object;
  if (testCase.padTo === undefined) return JSON.stringify(frame);
  const base = utf8ByteLength(JSON.stringify({ ...frame, pad: '' }));
  return JSON.stringify({ ...frame, pad: 'x'.repeat(testCase.padTo - base) });
}

const texts = suite.server.map(frameText);
const valid = texts.filter((text) => parseServerFrame(text).ok);

/** The paths of the fields a shape reads, nested ones included (`message.author.kind`). */
function paths(shape: Shape, prefix: string[] = []): string[][] {
  return Object.entries(shape).flatMap(([field, expected]) => {
    const path = [...prefix, field];
    return typeof expected === 'string' ? [path] : [path, ...paths(expected, path)];
  });
}

const ABSENT = Symbol('absent');

/** `frame` with the field at `path` replaced by `value`, or removed. */
function replaced(frame: unknown, path: string[], value: unknown): unknown {
  const [field, ...rest] = path;
  if (field === undefined || typeof frame !== 'object' || frame === null) return frame;
  const copy: Record<string, unknown> = { ...(frame as Record<string, unknown>) };
  if (rest.length > 0) copy[field] = replaced(copy[field], rest, value);
  else if (value === ABSENT) delete copy[field];
  else copy[field] = value;
  return copy;
}

describe('the frame guard against the frames’ schemas', () => {
  it('knows every server frame type and no other', () => {
    expect(Object.keys(SHAPES).sort()).toEqual([...SERVER_FRAME_TYPES].sort());
  });

  it('passes every valid frame of the conformance suite, as sent', () => {
    expect(new Set(valid.map((text) => (JSON.parse(text) as { type: string }).type))).toEqual(new Set(SERVER_FRAME_TYPES));
    for (const text of valid) expect(readServerFrame(text), text).toEqual(JSON.parse(text));
  });

  it('reads no field the schema leaves optional or nullable, or types otherwise', () => {
    const others = [ABSENT, null, 'x', 1, true, {}, []];
    let refused = 0;
    for (const text of valid) {
      const frame = JSON.parse(text) as { type: string };
      for (const path of paths(SHAPES[frame.type] ?? {})) {
        for (const other of others) {
          const mutated = JSON.stringify(replaced(frame, path, other));
          if (parseServerFrame(mutated).ok) expect(readServerFrame(mutated), mutated).not.toBeNull();
          else if (readServerFrame(mutated) === null) refused++;
        }
      }
    }
    // The guard does refuse: each field it reads, given a value of another JSON type.
    expect(refused).toBeGreaterThan(100);
  });
});
