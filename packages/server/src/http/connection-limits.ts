import type { Socket } from 'node:net';
import { REALTIME_PATH } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import { addressGroup } from './address-group.js';
import { pathOf } from './path-of.js';

export interface HttpLimits {
  /** Time to receive a whole request, body included (slow uploads). */
  readonly requestTimeoutMs: number;
  /** Time to receive a request's headers (slowloris). */
  readonly headersTimeoutMs: number;
  /** A connection with no traffic at all for this long is closed (WebSockets excepted: they ping). */
  readonly idleTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  readonly keepAliveTimeoutMs: number;
  /** Open TCP connections per peer address (an IPv6 one by its /64); not applied behind a trusted proxy (its address is shared). */
  readonly maxConnectionsPerIp: number;
  /** Requests in progress per client IP (the proxy-reported one behind a trusted proxy; an IPv6 one by its /64). */
  readonly maxRequestsPerIp: number;
}

/** Sent to a connection over its address's cap before closing it: no request of it is read. */
const TOO_MANY_CONNECTIONS =
  'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 46\r\n\r\ntoo many connections from this address: retry\n';

/** Counts per key, forgetting a key at zero, so the map holds only addresses with open work. */
class Counter {
  readonly #counts = new Map<string, number>();

  /** Counts one more under `key` unless it is already at `limit`; true when counted. */
  take(key: string, limit: number): boolean {
    const count = this.#counts.get(key) ?? 0;
    if (count >= limit) return false;
    this.#counts.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = (this.#counts.get(key) ?? 1) - 1;
    if (count <= 0) this.#counts.delete(key);
    else this.#counts.set(key, count);
  }
}

/**
 * Caps what one client can hold open: TCP connections per peer address (only when no proxy is
 * trusted) and requests in progress per client IP, answered 429 with `Retry-After`. The
 * timeouts themselves are Fastify's options (see `fastifyTimeouts`).
 */
export function limitConnections(app: FastifyInstance, limits: HttpLimits, behindProxy: boolean): void {
  app.server.headersTimeout = limits.headersTimeoutMs;
  if (!behindProxy) {
    const connections = new Counter();
    // Before the HTTP server's own listener, so the refused connection is cut before it is parsed.
    app.server.prependListener('connection', (socket: Socket) => {
      const address = addressGroup(socket.remoteAddress ?? 'unknown');
      if (!connections.take(address, limits.maxConnectionsPerIp)) {
        socket.write(TOO_MANY_CONNECTIONS, () => socket.destroy());
        return;
      }
      socket.once('close', () => connections.release(address));
    });
  }
  const requests = new Counter();
  app.addHook('onRequest', async (request, reply) => {
    // A WebSocket upgrade lives as long as its socket: the realtime gateway caps those (only there).
    if (request.headers.upgrade !== undefined && pathOf(request.url) === REALTIME_PATH) return;
    const ip = addressGroup(request.ip);
    if (!requests.take(ip, limits.maxRequestsPerIp)) {
      return reply.code(429).header('retry-after', '1').send({ error: 'too many requests in progress from this address: retry' });
    }
    // Released once: when the response is done, or when the connection goes (a pipelined request
    // whose response never started gets no 'close' of its own).
    const socket = request.raw.socket;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      socket?.off('close', release);
      requests.release(ip);
    };
    reply.raw.once('close', release);
    socket?.once('close', release);
  });
}

/**
 * Fastify's own timeout options, from the limits. Node checks the request and headers
 * timeouts every `connectionsCheckingInterval` (30 s by default): once a second instead.
 */
export const fastifyTimeouts = (limits: HttpLimits) => ({
  http: { connectionsCheckingInterval: 1000 },
  requestTimeout: limits.requestTimeoutMs,
  connectionTimeout: limits.idleTimeoutMs,
  keepAliveTimeout: limits.keepAliveTimeoutMs,
});
