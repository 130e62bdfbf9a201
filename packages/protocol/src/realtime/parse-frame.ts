import * as z from 'zod/mini';
import { exceedsFrameLimit, MAX_FRAME_BYTES } from './limits.js';

export type FrameParseResult<F> = { ok: true; frame: F } | { ok: false; error: string };

type Schemas = Readonly<Record<string, z.core.$ZodType>>;
type FrameOf<S extends Schemas> = z.infer<S[keyof S]>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Size limit, JSON, object, `type`, then that type's schema, whose first failing field makes the error
 * (`send.text must be …`). Pure; nothing escapes: an unexpected exception (none is known) becomes a generic
 * failure rather than a crash of the caller's socket loop.
 */
export function parseFrame<S extends Schemas>(text: unknown, schemas: S): FrameParseResult<FrameOf<S>> {
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
    // Own properties only, here as in the schemas (none of whose fields is named like an Object.prototype member).
    const type = Object.hasOwn(json, 'type') ? json.type : undefined;
    if (type === undefined) return { ok: false, error: 'type is required' };
    const schema = typeof type === 'string' && Object.hasOwn(schemas, type) ? schemas[type] : undefined;
    if (schema === undefined) return { ok: false, error: `type must be one of ${Object.keys(schemas).join(', ')}` };
    const result = z.safeParse(schema, json);
    if (result.success) return { ok: true, frame: result.data as FrameOf<S> };
    const issue = result.error.issues[0];
    if (issue === undefined) return { ok: false, error: 'frame could not be parsed' };
    return { ok: false, error: `${[type, ...issue.path].join('.')} ${issue.message}` };
  } catch {
    return { ok: false, error: 'frame could not be parsed' };
  }
}

/**
 * The schemas compiled by zod (`z.compile`: generated code, `new Function`) for a hot path on the server:
 * a valid frame parses several times faster; an invalid one falls back to the schema's own parse, so the
 * errors are the same. Left as they are when zod is configured `jitless` (a page under a strict CSP).
 */
export function compiledSchemas<S extends Schemas>(schemas: S): S {
  if (z.config().jitless) return schemas;
  return Object.fromEntries(Object.entries(schemas).map(([type, schema]) => [type, z.compile(schema)])) as S;
}
