import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/** How long a socket closed for a bad frame has to answer the close before its TCP connection is cut. */
const CLOSE_GRACE_MS = 1000;

/** ws's errors about what a client sent: invalid UTF-8 (1007), a frame over the size limit (1009), a bad opcode… */
const isClientProtocolError = (error: Error): error is Error & { code: string } =>
  'code' in error && typeof error.code === 'string' && error.code.startsWith('WS_ERR_');

/**
 * `@fastify/websocket`'s error handler for `/realtime`. ws emits at most one error per socket, and on a client's bad
 * frame it has already closed the socket with the matching code: one line without a stack says so (a hostile client
 * must not fill the log), and the client has a moment to answer the close before its connection is cut. Anything
 * else is the server's own failure.
 */
export function onSocketError(error: Error, socket: WebSocket, request: FastifyRequest): void {
  if (isClientProtocolError(error)) {
    request.log.info({ code: error.code, reason: error.message }, 'realtime: a client sent an invalid frame, its socket is closed');
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    return;
  }
  request.log.error({ err: error }, 'realtime socket failed');
  socket.terminate();
}
