import type { FastifyServerOptions } from 'fastify';

/** What `Fastify({ logger })` takes: Fastify's logger options and pino's. */
export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Fields that hold secrets, wherever they sit in a logged object (bodies, GraphQL variables). */
export const SECRET_FIELDS = [
  'password',
  'client_secret',
  'clientSecret',
  'credentials',
  'accessToken',
  'access_token',
  'transferToken',
] as const;
/** Header names scrubbed the same way, wherever a set of headers ends up in a log line. */
export const SECRET_HEADERS = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization'] as const;
const SECRET_KEYS: ReadonlySet<string> = new Set([...SECRET_FIELDS, ...SECRET_HEADERS]);
const MAX_SCRUB_DEPTH = 8;
export const REDACTED = '[REDACTED]';

/**
 * pino `redact` paths for the headers that carry credentials. pino applies them after the
 * serializers, so they also hold if a serializer someday logs a request's headers
 * (`scrubSecrets` runs before the serializers, on what the caller logged).
 */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Replaces every secret field (and credential header) at any depth of plain objects and arrays,
 * copying only what it changes; other objects, such as requests and errors, are left to their
 * serializers. One pass over the logged object (about 1 µs a line): pino's wildcard redaction
 * (`*.password`, `*.*.password`, …) cost about 60 µs a line for the same coverage.
 */
export function scrubSecrets<T>(value: T, depth = 0): T {
  if (depth > MAX_SCRUB_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, index) => {
      const scrubbed = scrubSecrets(item, depth + 1);
      if (scrubbed !== item) {
        copy ??= [...value];
        copy[index] = scrubbed;
      }
    });
    return (copy ?? value) as T;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const scrubbed = SECRET_KEYS.has(key) && item !== null && item !== undefined ? REDACTED : scrubSecrets(item, depth + 1);
    if (scrubbed !== item) {
      copy ??= { ...value };
      copy[key] = scrubbed;
    }
  }
  return (copy ?? value) as T;
}

/**
 * A URL with its query string values replaced (`/x?token=[REDACTED]`): query strings may
 * carry tokens. Parameter names stay, for debugging; a bare parameter (no `=`) may itself
 * be a token, so it goes entirely.
 */
export function redactQuery(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = url.slice(mark + 1);
  if (query === '') return url;
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals === -1 ? REDACTED : `${pair.slice(0, equals)}=${REDACTED}`;
  });
  return `${url.slice(0, mark)}?${pairs.join('&')}`;
}

/** Redacts every query string inside free text (Fastify's own "Route GET:/x?… not found" line). */
export function redactQueriesInText(text: string): string {
  return text.includes('?') ? text.replace(/\?[^\s"'<>`]+/g, (query) => redactQuery(query)) : text;
}

interface LoggedRequest {
  method?: string;
  url?: string;
  ip?: string;
  routeOptions?: { url?: string | undefined };
  socket?: { remoteAddress?: string | undefined } | null;
}

/** No headers, no body: method, path with redacted query, route pattern, client address. */
function serializeRequest(request: LoggedRequest): { method?: string; url?: string; route?: string; remoteAddress?: string } {
  const route = request.routeOptions?.url;
  const remoteAddress = request.ip ?? request.socket?.remoteAddress;
  return {
    ...(request.method !== undefined ? { method: request.method } : {}),
    ...(request.url !== undefined ? { url: redactQuery(request.url) } : {}),
    ...(route !== undefined ? { route } : {}),
    ...(remoteAddress !== undefined ? { remoteAddress } : {}),
  };
}

export interface LoggingOptions {
  /** pino level; `info` by default. */
  level?: string;
  /** Where JSON lines go; stdout by default (tests pass a capturing stream). */
  stream?: { write(line: string): void };
}

/**
 * Options for `Fastify({ logger })` (spec §12.4: JSON lines on stdout). Request-scoped lines carry
 * Fastify's `reqId`. Credential headers are redacted by path, secret fields at any depth by name,
 * query string values in request URLs and in messages.
 */
export function loggerOptions(options: LoggingOptions = {}): LoggerOptions {
  return {
    level: options.level ?? 'info',
    ...(options.stream ? { stream: options.stream } : {}),
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    formatters: { level: (label: string) => ({ level: label }), log: (object: Record<string, unknown>) => scrubSecrets(object) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    serializers: { req: serializeRequest },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg: unknown) => (typeof arg === 'string' ? redactQueriesInText(arg) : arg));
        return method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
}
