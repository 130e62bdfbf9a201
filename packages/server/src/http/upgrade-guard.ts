import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pathOf } from './path-of.js';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

const SHUTTING_DOWN =
  'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 14\r\n\r\nshutting down\n';

/** Upgrade sockets handed to the WebSocket plugin and not closed yet, by server. */
const handedOn = new WeakMap<object, Set<Duplex>>();

/**
 * Cuts every upgrade socket still open (the shutdown's deadline): one that the plugin never upgraded, because the
 * node began closing meanwhile, is in neither Node's HTTP connections nor the WebSocket server's clients, and would
 * hold `server.close()` forever.
 */
export function cutUpgradeSockets(server: object): void {
  for (const socket of handedOn.get(server) ?? []) socket.destroy();
}

function refuse(socket: Duplex, answer: string): void {
  socket.on('error', () => socket.destroy());
  socket.end(answer);
  // end() waits for the client's own end; one that never sends it is cut a second later.
  setTimeout(() => socket.destroy(), 1000).unref();
}

const NOT_UPGRADABLE =
  'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 37\r\n\r\nupgrade is offered on /realtime only\n';

/**
 * Node hands the socket of every request with `Connection: Upgrade` to the server's upgrade
 * listeners, out of the HTTP server's timeouts and of `closeAllConnections`: a body trickled
 * after such a request on any route held its socket, and a shutdown, forever. Only `GET` on
 * `path` is passed on to the listeners (the WebSocket plugin's); any other upgrade is answered
 * 400 and its socket closed without reading its body. Once the server stopped listening (a shutdown), an upgrade
 * whose headers arrive late is answered 503 and closed: the node is leaving, the client reconnects elsewhere.
 */
export function upgradeOnlyAt(app: FastifyInstance, path: string): void {
  app.addHook('onReady', async () => {
    const listeners = app.server.listeners('upgrade') as UpgradeListener[];
    app.server.removeAllListeners('upgrade');
    const open = new Set<Duplex>();
    handedOn.set(app.server, open);
    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!app.server.listening) return refuse(socket, SHUTTING_DOWN);
      if (request.method !== 'GET' || pathOf(request.url ?? '') !== path) return refuse(socket, NOT_UPGRADABLE);
      open.add(socket);
      socket.once('close', () => open.delete(socket));
      for (const listener of listeners) listener.call(app.server, request, socket, head);
    });
  });
}
