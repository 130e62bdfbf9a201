import type { Server } from 'node:http';
import websocket from '@fastify/websocket';
import { HEARTBEAT_SECONDS, MAX_FRAME_BYTES, REALTIME_CLOSE_CODES, REALTIME_PATH, realtimeCloseReason } from '@parley/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { addressGroup } from '../http/address-group.js';
import { leavingOf } from '../http/health-state.js';
import { originOf } from '../projects/origin-policy.js';
import type { Services } from '../services.js';
import { RealtimeConnection } from './connection.js';
import { FramesInFlight, nextTurn } from './frames-in-flight.js';
import { Outbound } from './outbound.js';
import { OwnerBudgets } from './owner-budgets.js';
import { onSocketError } from './socket-errors.js';
import { type Admission, SocketLimits } from './socket-limits.js';
import { SocketRegistry } from './socket-registry.js';

/** Seconds a client refused at upgrade (too many sockets from its IP) is asked to wait. */
const RETRY_AFTER_SECONDS = 5;
/** At a shutdown, what is left of its time for a socket's close handshake once its last frames are handled. */
const CLOSE_HANDSHAKE_MS = 1000;

export interface RealtimeOptions {
  heartbeatSeconds?: number;
  authTimeoutMs?: number;
}

/**
 * Resolves once `server` takes no new connection: Fastify closes its listener a few ticks after the preClose hooks,
 * and a client told to reconnect at once must not reach this node again.
 */
async function stoppedListening(server: Server): Promise<void> {
  for (let turn = 0; server.listening && turn < 100; turn++) await nextTurn();
}

/**
 * `/realtime` in its own plugin context: sockets of this node, fed by the event bus (every
 * node's events with Redis), and closed when their visitor session is revoked anywhere.
 */
export function realtimeRoutes(services: Services, options: RealtimeOptions = {}) {
  return async (app: FastifyInstance) => {
    const connections = new WeakMap<WebSocket, RealtimeConnection>();
    await app.register(websocket, {
      options: { maxPayload: MAX_FRAME_BYTES },
      errorHandler: (error, socket, request) => onSocketError(error, socket, request),
      // Instead of the plugin's own, which closes every socket without a code (the client sees 1005): every socket of
      // this node, authenticated or not, finishes the frames it sent (bounded by the shutdown's deadline) and gets
      // SERVICE_RESTART (1012), to which clients answer with an immediate reconnection. It does not hold the rest of
      // the shutdown: the server stops accepting meanwhile; each connection cleans up on its socket's 'close'.
      preClose(this: FastifyInstance, done: () => void) {
        const { clients } = this.websocketServer;
        const deadline = leavingOf(services)?.deadline ?? Date.now() + services.config.shutdownTimeoutMs;
        const lastFramesUntil = deadline - Math.min(CLOSE_HANDSHAKE_MS, (deadline - Date.now()) / 2);
        const leave = () => {
          for (const client of clients) {
            const connection = connections.get(client);
            if (connection) connection.leave(lastFramesUntil).catch((error) => this.log.error({ err: error }, 'closing a socket failed'));
            else client.close(REALTIME_CLOSE_CODES.SERVICE_RESTART.code, realtimeCloseReason('SERVICE_RESTART'));
          }
        };
        stoppedListening(this.server)
          .then(leave)
          .catch((error) => this.log.error({ err: error }, 'closing the sockets failed'));
        // A client that never answers the close (a frozen tab, a lost network) would hold the shutdown for ws's own 30 s.
        setTimeout(
          () => {
            for (const client of clients) client.terminate();
          },
          Math.max(0, deadline - Date.now()),
        ).unref();
        this.websocketServer.close();
        done();
      },
    });
    const userIds = new Map<string, string | null>();
    const registry = new SocketRegistry(
      async (profileId) => {
        if (!userIds.has(profileId)) {
          if (userIds.size >= 100_000) userIds.clear();
          userIds.set(profileId, await services.visitors.userIdOfProfile(profileId));
        }
        return userIds.get(profileId) ?? null;
      },
      (sessionIds) => services.sessions.endedAmong(sessionIds),
      services.authorNames,
    );
    const unsubscribe = services.bus.subscribe((event) => {
      // An erased profile's userId is gone: the next frame about its conversations reads it again (null).
      if (event.kind === 'profilesErased') for (const profileId of event.profileIds) userIds.delete(profileId);
      registry.deliver(event).catch((error) => app.log.error({ err: error }, 'realtime delivery failed'));
    });
    const unwatch = services.sessions.onRevoked((sessionIds) => services.bus.publish({ kind: 'sessionsRevoked', sessionIds }));
    app.addHook('onClose', async () => {
      unsubscribe();
      unwatch();
    });
    const { realtime: limits } = services.config;
    const socketLimits = new SocketLimits(limits);
    const inFlight = new FramesInFlight({ steady: limits.maxFramesInFlight, maxWaitMs: limits.maxFrameWaitMs });
    const budgets = new OwnerBudgets(limits.messagesPerSecond);
    const admissions = new WeakMap<FastifyRequest['raw'], Admission>();
    /** Before the upgrade, so a refused socket costs an HTTP answer; the count lasts as long as the TCP connection. */
    const admit = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!request.ws) return;
      const admission = socketLimits.admit(addressGroup(request.ip));
      if (!admission) {
        const error = 'too many WebSockets from this address, or too many not authenticated: retry later';
        return reply.code(429).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ error });
      }
      const { socket } = request.raw;
      socket.once('close', admission.release);
      // Gone while routed: its 'close' may have been emitted already.
      if (socket.destroyed) admission.release();
      admissions.set(request.raw, admission);
    };
    app.get(REALTIME_PATH, { websocket: true, onRequest: admit }, (socket, request) => {
      const admission = admissions.get(request.raw);
      if (!admission) return socket.terminate();
      const connection = new RealtimeConnection(socket, {
        services,
        registry,
        heartbeatSeconds: options.heartbeatSeconds ?? HEARTBEAT_SECONDS,
        authTimeoutMs: options.authTimeoutMs ?? 10_000,
        origin: originOf(request.headers),
        log: request.log,
        outbound: new Outbound(socket, request.raw.socket, limits.maxBufferedBytes),
        admission,
        limits: socketLimits,
        inFlight,
        budgets,
      });
      connections.set(socket, connection);
      connection.start();
    });
  };
}
