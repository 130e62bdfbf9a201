/**
 * The server under test of bench/overload.bench.ts: `startServer` from @parley/server — what
 * `parley serve` runs, configuration from the environment through loadConfig (the verifier pool
 * bounded by PARLEY_MAX_PENDING_VERIFICATIONS, JSON-line logs on stdout) — in a process of its own.
 * Reports over IPC like activation-server.ts ('ready' with its URL, 'elu', 'memory', 'stop'), and
 * answers { type: 'stats', seq } with what only the process can see: HTTP requests in progress (parsed, not yet
 * answered), its event loop's delay since the previous 'stats' (perf_hooks' histogram), its heap and external memory.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { loadConfig, startServer } from '@parley/server';

/** The answer to 'stats'. */
export interface ServerStats {
  httpInProgress: number;
  /** Event-loop delay since the previous 'stats', ms. */
  loopDelayP99: number;
  loopDelayMax: number;
  /** process.memoryUsage() at the answer (no collection first), MB. */
  heapUsedMB: number;
  externalMB: number;
}

const send = (message: unknown) => process.send?.(message);
if (!process.send) throw new Error('serve-server runs as a child of a bench (it reports over IPC)');

const server = await startServer(loadConfig(process.env));
let httpInProgress = 0;
server.app.server.on('request', (_request, response) => {
  httpInProgress++;
  response.once('close', () => httpInProgress--);
});

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  delay.disable();
  await server.close();
  send({ type: 'stopped' });
  process.disconnect?.();
}

process.on('message', (message) => {
  if (message === 'stop') void stop();
  if (message === 'elu') send({ type: 'elu', elu: performance.eventLoopUtilization() });
  if (message === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    send({ type: 'memory', memory: process.memoryUsage() });
  }
  if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'stats') {
    const memory = process.memoryUsage();
    const stats: ServerStats = {
      httpInProgress,
      loopDelayP99: delay.percentile(99) / 1e6,
      loopDelayMax: delay.max / 1e6,
      heapUsedMB: memory.heapUsed / 2 ** 20,
      externalMB: memory.external / 2 ** 20,
    };
    delay.reset();
    send({ type: 'stats', seq: 'seq' in message ? message.seq : null, stats });
  }
});
process.on('disconnect', () => void stop());
send({ type: 'ready', url: server.url });
