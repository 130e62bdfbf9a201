import type { FastifyInstance } from 'fastify';
import { pathOf } from './path-of.js';

/** How often the event loop's lateness is sampled. */
const TICK_MS = 20;
/** Answered whatever the load: probes must tell "busy" from "down". */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Refuses requests with 503 and `Retry-After: 1` while the event loop runs late by more than
 * `maxDelayMs` (0 turns it off). Once a node is past its capacity, requests it accepts only queue
 * up (in the kernel, in sockets, in promises) and every answer, refusals included, comes after the
 * same wait; refusing at the door keeps the work it admits fast and lets clients back off.
 * Two late samples in a row are needed: one long pause (a key generated at start, a neighbour
 * taking the core for a moment) is not overload.
 */
export function shedWhenLate(app: FastifyInstance, maxDelayMs: number): void {
  if (maxDelayMs <= 0) return;
  let expected = performance.now() + TICK_MS;
  let previousLate = false;
  let late = false;
  const timer = setInterval(() => {
    const now = performance.now();
    const thisLate = now - expected > maxDelayMs;
    late = thisLate && previousLate;
    previousLate = thisLate;
    expected = now + TICK_MS;
  }, TICK_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
  app.addHook('onRequest', async (request, reply) => {
    if (!late || EXEMPT.has(pathOf(request.url))) return;
    return reply.code(503).header('retry-after', '1').send({ error: 'the server is at capacity: retry after a backoff' });
  });
}
