/**
 * A worker thread running a TypeScript module. Worker threads do not inherit the tsx hooks of the
 * main thread, so a small ES module registers them first (as bench/lib/credential-maker.ts does).
 */
import { Worker } from 'node:worker_threads';

export function typeScriptWorker(module: URL, workerData: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(module.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData });
}
