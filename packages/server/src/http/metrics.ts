import { createHash, timingSafeEqual } from 'node:crypto';
import { isReasonCode, type ReasonCode } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type AuthenticationKind = 'credentials' | 'anonymous' | 'test';
export type AttemptOutcome = 'success' | 'failure';

/** Verification takes about a millisecond; a slow JWKS refetch can take most of a second. */
const AUTHENTICATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Messages per group-commit batch, and how long a batch's commit takes (SQLite ~0.1 ms, PostgreSQL a few round trips and a flush). */
const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const BATCH_COMMIT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Route label of requests that matched no route (404s): raw URLs would make label values unbounded. */
export const UNMATCHED_ROUTE = 'unmatched';

export interface MetricsOptions {
  /** Process and Node.js metrics (CPU, memory, event loop, GC); on by default. */
  defaultMetrics?: boolean;
}

/**
 * The server's Prometheus metrics, in a registry of their own (not prom-client's global one),
 * so several apps in one process, as in tests, never collide.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly attempts: Counter<'kind' | 'outcome' | 'reason'>;
  private readonly authenticationDuration: Histogram<'kind'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly messageBatchSize: Histogram;
  private readonly messageBatchCommit: Histogram;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.attempts = new Counter({
      name: 'parley_authentication_attempts_total',
      help: 'Visitor authentication attempts, by kind, outcome and reason code (failures only).',
      labelNames: ['kind', 'outcome', 'reason'],
      registers,
    });
    this.authenticationDuration = new Histogram({
      name: 'parley_authentication_duration_seconds',
      help: 'Time to decide a visitor authentication attempt.',
      labelNames: ['kind'],
      buckets: AUTHENTICATION_BUCKETS,
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request duration, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.messageBatchSize = new Histogram({
      name: 'parley_message_batch_size',
      help: 'Messages committed together in one transaction (group commit of the appends that arrive together).',
      buckets: BATCH_SIZE_BUCKETS,
      registers,
    });
    this.messageBatchCommit = new Histogram({
      name: 'parley_message_batch_commit_seconds',
      help: 'Time from the start of a batch of message appends to its commit.',
      buckets: BATCH_COMMIT_BUCKETS,
      registers,
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** One authentication attempt; `reason` is the failure's reason code (ignored on success). */
  observeAuthentication(kind: AuthenticationKind, outcome: AttemptOutcome, reason: ReasonCode | null, seconds: number): void {
    if (outcome === 'success') this.attempts.inc({ kind, outcome });
    // Only catalogue codes become label values, whatever a caller passes: cardinality stays bounded.
    else this.attempts.inc({ kind, outcome, reason: isReasonCode(reason) ? reason : 'UNKNOWN' });
    this.authenticationDuration.observe({ kind }, seconds);
  }

  /** One group-commit batch of message appends. */
  observeMessageBatch(batch: { items: number; seconds: number }): void {
    this.messageBatchSize.observe(batch.items);
    this.messageBatchCommit.observe(batch.seconds);
  }

  /** `route` is the route pattern (`/graphql`, `/sdk/:file`), never the raw URL. */
  observeHttpRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  /** The Prometheus text exposition of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/**
 * Times every request of `app` (call it on the root instance, before routes are added, so the
 * hook reaches every plugin context). The route label is `routeOptions.url`, the pattern.
 */
export function observeHttpRequests(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeHttpRequest(request.method, request.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
  });
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function bearerMatches(authorization: string | undefined, token: string): boolean {
  const presented = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(token));
}

export interface MetricsRoutesOptions {
  metrics: Metrics;
  /** `PARLEY_METRICS_TOKEN`; null leaves `/metrics` out (404). */
  token: string | null;
}

/** `GET /metrics`: off (404) without a token, then only for `Authorization: Bearer <token>`. */
export function metricsRoutes({ metrics, token }: MetricsRoutesOptions) {
  return async (app: FastifyInstance) => {
    if (token === null) return;
    app.get('/metrics', async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!bearerMatches(request.headers.authorization, token)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: 'unauthorized', message: 'send Authorization: Bearer <PARLEY_METRICS_TOKEN>' });
      }
      const body = await metrics.exposition();
      return reply.code(200).type(metrics.contentType).send(body);
    });
  };
}
