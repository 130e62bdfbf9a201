import type { FastifyInstance } from 'fastify';
import { platformJwks } from '../keys/platform-keys.js';
import type { Services } from '../services.js';
import { describeFault } from '../store/storage-faults.js';
import { leavingOf } from './health-state.js';

/** /readyz answers within this, whatever the database does (a load balancer's probe must not hang). */
const READY_TIMEOUT_MS = 1000;

/** Routes anyone may call: health, readiness and the platform's public keys. */
export function publicRoutes(deps: Pick<Services, 'store' | 'platformKeys'>) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', async () => ({ status: 'ok' }));

    // Ready = the node is not shutting down, and the database takes a write now (reachable, not full, not read-only),
    // within a second. A node that began its shutdown answers 503 at once, while it still serves (see start-server.ts).
    app.get('/readyz', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      if (leavingOf(deps) !== null) return reply.code(503).send({ status: 'unready', reason: 'shutting down' });
      const fault = await deps.store.probe(READY_TIMEOUT_MS);
      if (fault === null) return reply.send({ status: 'ready' });
      return reply.code(503).send({ status: 'unready', reason: `database: ${describeFault(fault)}` });
    });

    app.get('/.well-known/jwks.json', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return platformJwks(deps.platformKeys);
    });
  };
}
