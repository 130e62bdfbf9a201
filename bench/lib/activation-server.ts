/**
 * The server under test of bench/activation.bench.ts, in a process of its own as `parley serve`
 * runs it: the steps of startServer (store, services with the verifier worker pool, the app with
 * JSON-line logging, listen, the background work: SQLite's search indexing every second, webhook
 * deliveries, housekeeping), except that a PostgreSQL run gets a throwaway schema
 * (BENCH_PG_SCHEMA), dropped when the bench says stop. Configuration comes from the environment
 * through loadConfig, like the real server. BENCH_SERVER_LOGS=0 turns the request logs off (to
 * measure what they cost); BENCH_VERIFIER_THREADS=N sizes the verifier pool (default: one per core, as
 * in production). Answers 'elu' with its event loop utilization so far, 'stalls' with its long
 * event-loop turns since the last ask (bench/lib/stall-probe.ts), and 'memory' with
 * process.memoryUsage() after a full garbage collection when started with --expose-gc (the
 * messaging bench, bench/messaging.bench.ts, runs it too).
 */
import { performance } from 'node:perf_hooks';
import { buildApp, createServices, createVerifierPool, loadConfig, openStore, startBackgroundWork } from '@parley/server';
import { StallProbe } from './stall-probe.js';

const send = (message: unknown) => process.send?.(message);
if (!process.send) throw new Error('activation-server runs as a child of bench/activation.bench.ts (it reports over IPC)');

const stalls = new StallProbe();
const config = loadConfig(process.env);
const schema = process.env.BENCH_PG_SCHEMA || undefined;
const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ...(schema ? { schema } : {}) });
const threads = Number(process.env.BENCH_VERIFIER_THREADS) || undefined;
const services = await createServices({ config, store, verifier: createVerifierPool(threads ? { size: threads } : {}) });
await services.platformKeys.decryptionKeys();
const app = await buildApp(config, services, { logger: process.env.BENCH_SERVER_LOGS !== '0' });
const url = await app.listen({ port: config.port, host: config.host });
const background = startBackgroundWork(services, app.log);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await background.stop();
  await app.close();
  await services.close();
  if (schema && store.dialect === 'postgres') await store.db.schema.dropSchema(schema).ifExists().cascade().execute();
  await store.close();
  send({ type: 'stopped' });
  process.disconnect?.();
}

process.on('message', (message) => {
  if (message === 'stop') void stop();
  // The event loop's utilization so far (idle and active ms), for the bench to tell a busy main thread from a waiting one.
  if (message === 'elu') send({ type: 'elu', elu: performance.eventLoopUtilization() });
  // The long turns since the last ask (each phase asks once at its end).
  if (message === 'stalls') send({ type: 'stalls', stalls: stalls.take() });
  // Live memory: two full collections first (the second catches what the first's finalizers freed).
  if (message === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    send({ type: 'memory', memory: process.memoryUsage() });
  }
});
process.on('disconnect', () => void stop());
send({ type: 'ready', url, dialect: store.dialect });
