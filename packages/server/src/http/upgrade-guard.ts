import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { pathOf } from './path-of.js';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

const NOT_UPGRADABLE =
  'HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: 37\r\n\r\nupgrade is offered on /realtime only\n';

/**
 * Node hands the socket of every request with `Connection: Upgrade` to the server's upgrade
 * listeners, out of the HTTP server's timeouts and of `closeAllConnections`: a body trickled
 * after such a request on any route held its socket, and a shutdown, forever. Only `GET` on
 * `path` is passed on to the listeners (the WebSocket plugin's); any other upgrade is answered
 * 400 and its socket closed without reading its body.
 */
export function upgradeOnlyAt(app: FastifyInstance, path: string): void {
  app.addHook('onReady', async () => {
    const listeners = app.server.listeners('upgrade') as UpgradeListener[];
    app.server.removeAllListeners('upgrade');
    app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (request.method === 'GET' && pathOf(request.url ?? '') === path) {
        for (const listener of listeners) listener.call(app.server, request, socket, head);
        return;
      }
      socket.on('error', () => socket.destroy());
      socket.end(NOT_UPGRADABLE);
      // end() waits for the client's own end; one that never sends it is cut a second later.
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  });
}
