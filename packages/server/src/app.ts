import { REALTIME_PATH } from '@parley/protocol';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import type { Config } from './config.js';
import { graphqlRoutes } from './graphql/plugin.js';
import { fastifyTimeouts, limitConnections } from './http/connection-limits.js';
import { consoleRoutes } from './http/console-routes.js';
import { shedWhenLate } from './http/load-shedding.js';
import { loggerOptions } from './http/logging.js';
import { metricsRoutes, observeHttpRequests } from './http/metrics.js';
import { publicRoutes } from './http/public-routes.js';
import { sdkRoutes } from './http/sdk-routes.js';
import { upgradeOnlyAt } from './http/upgrade-guard.js';
import { widgetConfigRoute } from './http/widget-config-route.js';
import { oauthRoutes } from './operators/index.js';
import { type RealtimeOptions, realtimeRoutes } from './realtime/gateway.js';
import type { Services } from './services.js';

export interface AppOptions {
  /** JSON lines on stdout (spec §12.4); off in tests unless a stream or a logger (`parley serve` shares one with the services) is given. */
  logger?: boolean | { stream: { write(line: string): void } } | FastifyBaseLogger;
  realtime?: RealtimeOptions;
}

/** One log line per request, when it completes (Fastify's default writes two: ~15 µs each). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { req: request, res: { statusCode: reply.statusCode }, responseTime: reply.elapsedTime };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request completed');
  }
}

const trustHops =
  (hops: number) =>
  (_address: string, hop: number): boolean =>
    hop < hops;

/** Builds the server without listening, so tests drive it with `inject()`. */
export async function buildApp(config: Config, services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'object' && !('stream' in logger)
      ? { loggerInstance: logger }
      : { logger: logger === false ? false : loggerOptions(logger === true ? {} : { stream: logger.stream }) }),
    // A hop count trusts that many proxies in front of the server, as proxy-addr reads a number.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 64 * 1024,
    genReqId: () => crypto.randomUUID(),
    logController: new OneLinePerRequest(),
    ...fastifyTimeouts(config.http),
  });
  limitConnections(app, config.http, config.trustProxy !== false);
  upgradeOnlyAt(app, REALTIME_PATH);
  shedWhenLate(app, config.shedEventLoopDelayMs);
  observeHttpRequests(app, services.metrics);
  // Each audience in its own plugin context, so a hook of one never leaks into another.
  await app.register(publicRoutes(services));
  await app.register(sdkRoutes());
  await app.register(widgetConfigRoute(services));
  await app.register(consoleRoutes());
  await app.register(metricsRoutes({ metrics: services.metrics, token: config.metricsToken }));
  await app.register(
    oauthRoutes({
      operators: services.operators,
      apiKeys: services.apiKeys,
      accessTokens: services.accessTokens,
      limiter: services.loginLimiter,
    }),
  );
  await app.register(graphqlRoutes(services));
  await app.register(realtimeRoutes(services, options.realtime));
  return app;
}
