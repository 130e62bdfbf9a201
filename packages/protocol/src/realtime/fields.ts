import { codePointLength } from '../defaults.js';
import type { FrameParseResult } from './frames.js';
import { exceedsFrameLimit, MAX_FRAME_BYTES } from './limits.js';

/**
 * Field readers shared by both parsers (internal). A reader throws FrameError naming the field
 * (`send.text is required`, `send.text must be …`); parseFrame turns it into `{ ok: false, error }`.
 */
export class FrameError extends Error {}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: a field named like an Object.prototype member is simply missing. */
function get(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function fail(path: string, problem: string): never {
  throw new FrameError(`${path} ${problem}`);
}

/** Reads the fields of one JSON object; `path` names it in errors (`send`, `message.message.author`). */
export class FieldReader {
  constructor(
    private readonly fields: JsonObject,
    private readonly path: string,
  ) {}

  has(key: string): boolean {
    return get(this.fields, key) !== undefined;
  }

  /** A string meeting `accepts`; `rule` describes what is accepted, for the error. */
  string(key: string, rule: string, accepts: (value: string) => boolean): string {
    const value = this.present(key);
    if (typeof value !== 'string' || !accepts(value)) fail(`${this.path}.${key}`, `must be ${rule}`);
    return value;
  }

  nullableString(key: string, rule: string, accepts: (value: string) => boolean): string | null {
    const value = this.present(key);
    if (value === null) return null;
    if (typeof value !== 'string' || !accepts(value)) fail(`${this.path}.${key}`, `must be null or ${rule}`);
    return value;
  }

  boolean(key: string): boolean {
    const value = this.present(key);
    if (typeof value !== 'boolean') fail(`${this.path}.${key}`, 'must be true or false');
    return value;
  }

  /** A safe integer >= min. */
  integer(key: string, min: number): number {
    const value = this.present(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      fail(`${this.path}.${key}`, `must be an integer >= ${min}`);
    }
    return value === 0 ? 0 : value; // -0 arrives as 0
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const value = this.present(key);
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      fail(`${this.path}.${key}`, `must be one of ${values.join(', ')}`);
    }
    return value as T;
  }

  object(key: string): FieldReader {
    const value = this.present(key);
    if (!isObject(value)) fail(`${this.path}.${key}`, 'must be an object');
    return new FieldReader(value, `${this.path}.${key}`);
  }

  private present(key: string): unknown {
    const value = get(this.fields, key);
    if (value === undefined) fail(`${this.path}.${key}`, 'is required');
    return value;
  }
}

/** Code point length within [min, max]. */
export function lengthWithin(min: number, max: number): (value: string) => boolean {
  return (value) => value.length >= min && value.length <= max * 2 && withinCodePoints(value, min, max);
}

function withinCodePoints(value: string, min: number, max: number): boolean {
  const length = codePointLength(value);
  return length >= min && length <= max;
}

/**
 * Size limit, JSON, object, `type`, then the reader for that type. Pure; nothing escapes: an unexpected
 * exception (none is known) becomes a generic failure rather than a crash of the caller's socket loop.
 */
export function parseFrame<F>(
  text: unknown,
  types: readonly string[],
  readers: Readonly<Record<string, (frame: FieldReader) => F>>,
): FrameParseResult<F> {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'frame must be a text frame' };
    if (exceedsFrameLimit(text)) return { ok: false, error: `frame exceeds ${MAX_FRAME_BYTES} bytes` };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, error: 'frame is not valid JSON' };
    }
    if (!isObject(json)) return { ok: false, error: 'frame must be a JSON object' };
    const type = get(json, 'type');
    if (type === undefined) return { ok: false, error: 'type is required' };
    if (typeof type !== 'string' || !types.includes(type)) return { ok: false, error: `type must be one of ${types.join(', ')}` };
    const read = readers[type];
    if (read === undefined) return { ok: false, error: `type must be one of ${types.join(', ')}` };
    return { ok: true, frame: read(new FieldReader(json, type)) };
  } catch (error) {
    if (error instanceof FrameError) return { ok: false, error: error.message };
    return { ok: false, error: 'frame could not be parsed' };
  }
}
