import type { FastifyInstance } from 'fastify';
import { platformJwks } from '../keys/platform-keys.js';
import type { Services } from '../services.js';

/** Routes anyone may call: health, readiness and the platform's public keys. */
export function publicRoutes(deps: Pick<Services, 'store' | 'platformKeys'>) {
  return async (app: FastifyInstance) => {
    app.get('/healthz', async () => ({ status: 'ok' }));

    app.get('/readyz', async (_request, reply) => {
      const ready = await deps.store.ping();
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'store unreachable' });
    });

    app.get('/.well-known/jwks.json', async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return platformJwks(deps.platformKeys);
    });
  };
}
