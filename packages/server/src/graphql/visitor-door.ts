import type { FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import { pathOf } from '../http/path-of.js';
import { isOpaqueBearer } from '../operators/index.js';
import type { InProgressLimit } from '../overload.js';
import { RETRY_AFTER_SECONDS } from '../store/storage-faults.js';
import { bearerOf } from './context.js';
import { formatError } from './errors.js';

/**
 * While the node's visitor activations are at their bound, a visitor's GraphQL request is refused
 * in `onRequest`, before its body is read or parsed: 503 `SERVICE_UNAVAILABLE` with `Retry-After`,
 * the answer the resolver's bound gives, for tens of microseconds instead of a millisecond. Refused
 * only after the resolver, the excess of an overload sat in the kernel's accept queue and in unread
 * sockets while the node parsed requests it would refuse, so refusals came as late as successes.
 * Operators and API keys (an opaque bearer) are never refused here: the desk keeps working.
 */
export function refuseVisitorsWhileActivationsFull(app: FastifyInstance, graphqlPath: string, activations: InProgressLimit): void {
  const refused = activations.refusal();
  const body = JSON.stringify({ data: null, errors: [formatError(new GraphQLError(refused.message, { originalError: refused }), null)] });
  app.addHook('onRequest', async (request, reply) => {
    if (!activations.full || request.method !== 'POST' || pathOf(request.url) !== graphqlPath) return;
    const bearer = bearerOf(request);
    if (bearer !== null && isOpaqueBearer(bearer)) return;
    return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).type('application/json; charset=utf-8').send(body);
  });
}
