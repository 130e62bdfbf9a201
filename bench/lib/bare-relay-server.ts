/**
 * The baseline of bench/messaging.bench.ts: a bare `ws` relay in a process of its own, on the same
 * path and with the same frame limit as Parley's `/realtime`, and nothing else — no
 * authentication, no storage, no JSON beyond the first frame. The first frame decides the role
 * (an `auth` whose token looks like an operator bearer makes an agent, anything else a visitor)
 * and is answered with a `ready`; every later visitor frame is forwarded as is, once to each
 * agent socket. Answers 'elu', 'memory' (after a full collection, with --expose-gc) and 'stop'
 * over IPC, like bench/lib/activation-server.ts.
 */
import { performance } from 'node:perf_hooks';
import { MAX_FRAME_BYTES, REALTIME_PATH } from '@parley/protocol';
import { type WebSocket, WebSocketServer } from 'ws';

const send = (message: unknown) => process.send?.(message);
if (!process.send) throw new Error('bare-relay-server runs as a child of bench/messaging.bench.ts (it reports over IPC)');

const READY_AGENT = JSON.stringify({ type: 'ready', role: 'operator', heartbeatSeconds: 30 });
const READY_VISITOR = JSON.stringify({ type: 'ready', role: 'visitor', heartbeatSeconds: 30 });
const TEXT = { binary: false };

const agents = new Set<WebSocket>();
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: REALTIME_PATH, maxPayload: MAX_FRAME_BYTES });

server.on('connection', (socket) => {
  let role: 'agent' | 'visitor' | null = null;
  socket.on('message', (data: Buffer) => {
    if (role === 'visitor') {
      for (const agent of agents) agent.send(data, TEXT);
      return;
    }
    if (role === 'agent') return;
    let token: unknown;
    try {
      token = (JSON.parse(data.toString()) as { token?: unknown }).token;
    } catch {
      socket.close(4400, 'PROTOCOL_ERROR');
      return;
    }
    role = typeof token === 'string' && token.startsWith('prl_op_') ? 'agent' : 'visitor';
    if (role === 'agent') agents.add(socket);
    socket.send(role === 'agent' ? READY_AGENT : READY_VISITOR);
  });
  socket.on('close', () => agents.delete(socket));
  socket.on('error', () => agents.delete(socket));
});

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const client of server.clients) client.terminate();
  server.close(() => {
    send({ type: 'stopped' });
    process.disconnect?.();
  });
}

server.once('listening', () => {
  const address = server.address();
  if (typeof address === 'string' || address === null) throw new Error('bare relay: no TCP address');
  send({ type: 'ready', url: `http://127.0.0.1:${address.port}` });
});
process.on('message', (message) => {
  if (message === 'stop') stop();
  if (message === 'elu') send({ type: 'elu', elu: performance.eventLoopUtilization() });
  if (message === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    send({ type: 'memory', memory: process.memoryUsage() });
  }
});
process.on('disconnect', () => stop());
