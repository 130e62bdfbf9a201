import { API_ERRORS } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import { isOpaqueBearer, type Principal } from '../operators/index.js';
import type { Services } from '../services.js';
import { buildGraphQLSchema } from './build-schema.js';
import { bearerOf, type GraphQLContext } from './context.js';
import { formatExecution } from './errors.js';
import { queryLimitsRule } from './limits.js';

const principals = new WeakMap<FastifyRequest, Principal>();

/**
 * `/graphql` in its own plugin context. An opaque bearer is resolved before anything runs:
 * invalid, expired or revoked → 401 UNAUTHENTICATED, never downgraded to anonymous.
 */
export function graphqlRoutes(services: Services) {
  return async (app: FastifyInstance) => {
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
      path: '/graphql',
      graphiql: services.config.development,
      validationRules: [queryLimitsRule],
      context: (request: FastifyRequest): GraphQLContext => {
        const bearer = bearerOf(request);
        return {
          services,
          principal: principals.get(request) ?? null,
          visitorBearer: bearer && !isOpaqueBearer(bearer) ? bearer : null,
          clientIp: request.ip,
          requestId: String(request.id),
        };
      },
      errorFormatter: (execution, context) => formatExecution(execution, (context as { reply?: FastifyReply }).reply ?? null),
    });
  };
}
