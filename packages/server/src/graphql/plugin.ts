import cors, { type FastifyCorsOptions } from '@fastify/cors';
import { API_ERRORS } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { pathOf } from '../http/path-of.js';
import { isOpaqueBearer, type Principal } from '../operators/index.js';
import { originOf } from '../projects/origin-policy.js';
import type { Services } from '../services.js';
import { buildGraphQLSchema } from './build-schema.js';
import { bearerOf, type GraphQLContext } from './context.js';
import { DocumentGuard } from './document-guard.js';
import { formatExecution } from './errors.js';
import { queryLimitsRule } from './limits.js';
import { createLoaders } from './loaders.js';
import { refuseVisitorsWhileActivationsFull } from './visitor-door.js';

const principals = new WeakMap<FastifyRequest, Principal>();

export const GRAPHQL_PATH = '/graphql';

/**
 * Documents mercurius keeps parsed and validated, keyed by their text, so the few a client repeats
 * (the SDK's activation, an admin page's query) skip graphql-js' validation: ~300 µs of an
 * activation's main thread. Its LRU holds up to twice this many, in a cache of valid documents and
 * one of invalid ones; distinct documents at the 2,000-token limit cost ~2 MB each with their
 * validation errors, so a client sending only such documents fills ~32 MB per cache. The default
 * (1,024) let them fill the heap.
 */
export const DOCUMENT_CACHE_ENTRIES = 16;

/**
 * CORS for the browser SDK on the brand's own origin: any origin may call `/graphql` (a project
 * pins its origins itself, in the visitor mutations). No credentials: every caller sends a bearer,
 * never a cookie, so `*` is safe. Preflights are cached 10 minutes.
 */
export const GRAPHQL_CORS: FastifyCorsOptions = {
  origin: '*',
  methods: ['POST', 'GET', 'OPTIONS'],
  allowedHeaders: ['content-type', 'authorization'],
  credentials: false,
  maxAge: 600,
};
const NO_CORS: FastifyCorsOptions = { origin: false };

/**
 * `/graphql` in its own plugin context. An opaque bearer is resolved before anything runs:
 * invalid, expired or revoked → 401 UNAUTHENTICATED, never downgraded to anonymous.
 */
export function graphqlRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    // @fastify/cors answers preflights through an OPTIONS `*` route of this context: only `/graphql` gets them.
    await app.register(cors, {
      hook: 'onRequest',
      delegator: (request, callback) => callback(null, pathOf(request.url) === GRAPHQL_PATH ? GRAPHQL_CORS : NO_CORS),
    });
    refuseVisitorsWhileActivationsFull(app, GRAPHQL_PATH, services.activations);
    app.addHook('preHandler', async (request, reply) => {
      const bearer = bearerOf(request);
      if (!bearer || !isOpaqueBearer(bearer)) return;
      const principal = await services.accessTokens.resolve(bearer);
      if (principal) {
        principals.set(request, principal);
        return;
      }
      const { hint, retryPolicy } = API_ERRORS.UNAUTHENTICATED;
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer error="invalid_token"')
        .send({
          data: null,
          errors: [{ message: `the bearer is invalid, expired or revoked. ${hint}`, extensions: { name: 'UNAUTHENTICATED', retryPolicy } }],
        });
    });

    await app.register(mercurius, {
      schema: buildGraphQLSchema(),
      path: GRAPHQL_PATH,
      graphiql: services.config.development,
      validationRules: [queryLimitsRule],
      cache: DOCUMENT_CACHE_ENTRIES,
      context: (request: FastifyRequest): GraphQLContext => {
        const bearer = bearerOf(request);
        return {
          services,
          principal: principals.get(request) ?? null,
          visitorBearer: bearer && !isOpaqueBearer(bearer) ? bearer : null,
          clientIp: request.ip,
          origin: originOf(request.headers),
          requestId: String(request.id),
          loaders: createLoaders(services),
        };
      },
      errorFormatter: (execution, context) => formatExecution(execution, (context as { reply?: FastifyReply }).reply ?? null),
    });
    const documents = new DocumentGuard();
    app.graphql.addHook('preParsing', async (_schema, source) => documents.check(source));
  };
}
