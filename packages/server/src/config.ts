import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { FILE_SETTINGS, readSettingFiles } from './config-files.js';
import type { HttpLimits } from './http/connection-limits.js';
import type { RealtimeLimits } from './realtime/socket-limits.js';
import type { DatabaseLimits } from './store/postgres-pool.js';

/**
 * 8 per core (16 on two cores): enough in flight to keep the verifier's workers batching, few
 * enough that one event-loop turn stays short. More only queue on the main thread: on two cores,
 * 64 in progress held refusals of an overload 0.5 s and more; 16 answered them in ≤ 70 ms at the
 * same throughput (docs/performance.md).
 */
function defaultMaxActivationsInProgress(): number {
  return 8 * availableParallelism();
}

/**
 * 32 per core (64 on two cores), for the same reason: on two cores, 256 frames in flight held
 * admitted messages 0.7 s (p99) in an overload; 64 kept them under 120 ms and refusals under 100 ms.
 * Past it the node still takes frames while the oldest in flight is younger than
 * PARLEY_WS_MAX_FRAME_WAIT_MS (frames-in-flight.ts): a burst is not an overload.
 */
function defaultMaxFramesInFlight(): number {
  return 32 * availableParallelism();
}

/** Validated, frozen configuration. This module is the only reader of the environment. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly publicUrl: string;
  /** PostgreSQL when set; otherwise SQLite in `dataDir`. */
  readonly databaseUrl: string | null;
  readonly redisUrl: string | null;
  /** Prefix of every Redis key, so several installations can share one Redis. */
  readonly redisPrefix: string;
  /** Encrypts keys at rest when set. */
  readonly secret: string | null;
  readonly platformKeyBits: 2048 | 3072 | 4096;
  readonly trustProxy: boolean | number | string;
  readonly demo: boolean;
  /** Credential and anonymous authentication attempts per minute per (IP, project). */
  readonly authRateLimit: number;
  /** Bearer for `/metrics`; null = `/metrics` answers 404. */
  readonly metricsToken: string | null;
  /** Lets brand JWKS URLs point at private or loopback addresses (tests, internal networks). */
  readonly allowPrivateJwks: boolean;
  /** Webhook deliveries: http:// and https:// endpoints on a loopback address allowed (tests, local development), and the request timeout. */
  readonly webhooks: { readonly allowLoopback: boolean; readonly timeoutMs: number };
  /** The first admin, created at start when no operator exists. */
  readonly initialAdmin: { readonly email: string; readonly password: string } | null;
  /** GraphiQL at /graphiql only in development. */
  readonly development: boolean;
  /** PostgreSQL pool size and timeouts. */
  readonly database: Readonly<DatabaseLimits>;
  /** How long a graceful shutdown may take before the remaining connections are cut. */
  readonly shutdownTimeoutMs: number;
  /** How long a shutting-down node keeps serving, not ready, before it stops accepting (half of shutdownTimeoutMs at most). */
  readonly shutdownDrainMs: number;
  /** Credential verifications queued or running at once; more are refused with 503 (load shedding). */
  readonly maxPendingVerifications: number;
  /** Visitor activations a node runs at once, from the resolver's start to its answer; past it, 503 at once. */
  readonly maxActivationsInProgress: number;
  /** Requests are refused with 503 while the event loop runs this late (ms); 0 = never. */
  readonly shedEventLoopDelayMs: number;
  /** HTTP timeouts and per-client caps. */
  readonly http: Readonly<HttpLimits>;
  /** WebSockets per client IP, unauthenticated ones per IP, sockets per session; the bound of each socket's send buffer. */
  readonly realtime: Readonly<RealtimeLimits>;
}

export interface ConfigFlags {
  port?: string | undefined;
  dataDir?: string | undefined;
  demo?: boolean | undefined;
}

const schema = z.object({
  PARLEY_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  PARLEY_HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_DATA_DIR: z.string().min(1).default('./.parley'),
  PARLEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  PARLEY_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits and _ : . - only, at most 64')
    .default('parley:'),
  PARLEY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  PARLEY_PLATFORM_KEY_BITS: z.enum(['2048', '3072', '4096']).default('2048'),
  PARLEY_TRUST_PROXY: z.string().optional(),
  PARLEY_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000_000).default(120),
  PARLEY_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PARLEY_ALLOW_PRIVATE_JWKS: z.enum(['0', '1', 'true', 'false']).default('0'),
  PARLEY_WEBHOOKS_ALLOW_LOOPBACK: z.enum(['0', '1', 'true', 'false']).default('0'),
  PARLEY_WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(15_000),
  PARLEY_ADMIN_EMAIL: z.email().optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  NODE_ENV: z.string().optional(),
  PARLEY_DB_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  PARLEY_DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  PARLEY_DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  PARLEY_DB_MAX_WAITING: z.coerce.number().int().min(0).max(1_000_000).default(200),
  PARLEY_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  // A load balancer checking /readyz every 1–2 s, taking a node out after one or two failures, stops sending it new
  // traffic within about 2 s, plus the second a check may take to answer.
  PARLEY_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).default(3000),
  PARLEY_MAX_PENDING_VERIFICATIONS: z.coerce.number().int().min(1).max(1_000_000).default(256),
  PARLEY_MAX_ACTIVATIONS_IN_PROGRESS: z.coerce.number().int().min(1).max(1_000_000).default(defaultMaxActivationsInProgress()),
  PARLEY_SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  PARLEY_HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  PARLEY_HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(10_000),
  PARLEY_HTTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  PARLEY_HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(72_000),
  PARLEY_HTTP_MAX_CONNECTIONS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(256),
  PARLEY_HTTP_MAX_REQUESTS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(64),
  PARLEY_WS_MAX_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(200),
  PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  PARLEY_WS_MAX_PER_SESSION: z.coerce.number().int().min(1).max(10_000).default(20),
  PARLEY_WS_MAX_FRAMES_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000_000).default(defaultMaxFramesInFlight()),
  PARLEY_WS_MAX_FRAME_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  // A replay pauses at a quarter of the bound, which must stay above Node's own stream high-water mark (64 KiB).
  PARLEY_WS_MAX_BUFFERED_BYTES: z.coerce.number().int().min(262_144).max(1_073_741_824).default(1_048_576),
  PARLEY_WS_MESSAGES_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).default(10),
});

/** Every environment variable the server reads. */
export const CONFIG_VARIABLES: readonly string[] = [...Object.keys(schema.shape), ...FILE_SETTINGS.map((name) => `${name}_FILE`)];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * `true` trusts every hop (only safe when the proxy overwrites X-Forwarded-For); a number is
 * how many proxies to trust; otherwise the proxies' addresses or CIDR ranges, comma-separated.
 */
function trustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Flags win over the environment. Errors name the option and what is wrong with it. */
export function loadConfig(env: Record<string, string | undefined>, flags: ConfigFlags = {}): Config {
  const files = readSettingFiles(env);
  if (files.problems.length > 0) throw new ConfigError(`invalid configuration:\n  ${files.problems.join('\n  ')}`);
  const merged = {
    ...files.env,
    ...(flags.port !== undefined ? { PARLEY_PORT: flags.port } : {}),
    ...(flags.dataDir !== undefined ? { PARLEY_DATA_DIR: flags.dataDir } : {}),
  };
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const values = parsed.data;
  if ((values.PARLEY_ADMIN_EMAIL === undefined) !== (values.PARLEY_ADMIN_PASSWORD === undefined))
    throw new ConfigError('invalid configuration:\n  PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD: set both or neither');
  if (values.PARLEY_HTTP_HEADERS_TIMEOUT_MS > values.PARLEY_HTTP_REQUEST_TIMEOUT_MS)
    throw new ConfigError(
      'invalid configuration:\n  PARLEY_HTTP_HEADERS_TIMEOUT_MS: must not be longer than PARLEY_HTTP_REQUEST_TIMEOUT_MS',
    );
  return Object.freeze({
    port: values.PARLEY_PORT,
    host: values.PARLEY_HOST,
    dataDir: resolve(values.PARLEY_DATA_DIR),
    publicUrl: (values.PARLEY_PUBLIC_URL ?? `http://localhost:${values.PARLEY_PORT}`).replace(/\/$/, ''),
    databaseUrl: values.DATABASE_URL ?? null,
    redisUrl: values.REDIS_URL ?? null,
    redisPrefix: values.PARLEY_REDIS_PREFIX,
    secret: values.PARLEY_SECRET ?? null,
    platformKeyBits: Number(values.PARLEY_PLATFORM_KEY_BITS) as Config['platformKeyBits'],
    trustProxy: trustProxy(values.PARLEY_TRUST_PROXY),
    demo: flags.demo ?? false,
    authRateLimit: values.PARLEY_AUTH_RATE_LIMIT,
    metricsToken: values.PARLEY_METRICS_TOKEN ?? null,
    allowPrivateJwks: values.PARLEY_ALLOW_PRIVATE_JWKS === '1' || values.PARLEY_ALLOW_PRIVATE_JWKS === 'true',
    webhooks: Object.freeze({
      allowLoopback: values.PARLEY_WEBHOOKS_ALLOW_LOOPBACK === '1' || values.PARLEY_WEBHOOKS_ALLOW_LOOPBACK === 'true',
      timeoutMs: values.PARLEY_WEBHOOKS_TIMEOUT_MS,
    }),
    initialAdmin:
      values.PARLEY_ADMIN_EMAIL !== undefined && values.PARLEY_ADMIN_PASSWORD !== undefined
        ? { email: values.PARLEY_ADMIN_EMAIL.toLowerCase(), password: values.PARLEY_ADMIN_PASSWORD }
        : null,
    development: values.NODE_ENV === 'development',
    database: Object.freeze({
      poolSize: values.PARLEY_DB_POOL_SIZE,
      connectTimeoutMs: values.PARLEY_DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: values.PARLEY_DB_STATEMENT_TIMEOUT_MS,
      maxWaiting: values.PARLEY_DB_MAX_WAITING,
    }),
    shutdownTimeoutMs: values.PARLEY_SHUTDOWN_TIMEOUT_MS,
    shutdownDrainMs: values.PARLEY_SHUTDOWN_DRAIN_MS,
    maxPendingVerifications: values.PARLEY_MAX_PENDING_VERIFICATIONS,
    maxActivationsInProgress: values.PARLEY_MAX_ACTIVATIONS_IN_PROGRESS,
    shedEventLoopDelayMs: values.PARLEY_SHED_EVENT_LOOP_DELAY_MS,
    http: Object.freeze({
      requestTimeoutMs: values.PARLEY_HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: values.PARLEY_HTTP_HEADERS_TIMEOUT_MS,
      idleTimeoutMs: values.PARLEY_HTTP_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: values.PARLEY_HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnectionsPerIp: values.PARLEY_HTTP_MAX_CONNECTIONS_PER_IP,
      maxRequestsPerIp: values.PARLEY_HTTP_MAX_REQUESTS_PER_IP,
    }),
    realtime: Object.freeze({
      maxPerIp: values.PARLEY_WS_MAX_PER_IP,
      maxUnauthenticatedPerIp: values.PARLEY_WS_MAX_UNAUTHENTICATED_PER_IP,
      maxPerSession: values.PARLEY_WS_MAX_PER_SESSION,
      maxBufferedBytes: values.PARLEY_WS_MAX_BUFFERED_BYTES,
      maxFramesInFlight: values.PARLEY_WS_MAX_FRAMES_IN_FLIGHT,
      maxFrameWaitMs: values.PARLEY_WS_MAX_FRAME_WAIT_MS,
      messagesPerSecond: values.PARLEY_WS_MESSAGES_PER_SECOND,
    }),
  });
}
