import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** What one worker makes: credentials `first` … `first + count − 1`, one user each (`userPrefix` + number). */
export interface CredentialBatch {
  first: number;
  count: number;
  userPrefix: string;
  brandPrivateKeyPem: string;
  brandKid: string;
  platformJwk: Record<string, unknown>;
  platformKid: string;
  lifetimeSeconds: number;
}

/**
 * A worker thread running a TypeScript module. Worker threads do not inherit the tsx hooks of
 * the main thread, so a small ES module registers them first (as the server's verifier pool does).
 */
function typeScriptWorker(module: URL, workerData: unknown): Worker {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(module.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(entry)}`), { workerData });
}

/**
 * `count` fresh credentials (each with its random jti: single-use), made with createCredentials
 * from @parley/token on one worker per core: each costs an RS256 signature, as much as the
 * server's decryption, so this runs before the timed part.
 */
export async function makeCredentials(options: CredentialBatch): Promise<string[]> {
  const threads = Math.min(availableParallelism(), Math.max(1, Math.ceil(options.count / 200)));
  const share = Math.ceil(options.count / threads);
  const parts = await Promise.all(
    Array.from({ length: threads }, (_, index) => {
      const batch: CredentialBatch = {
        ...options,
        first: options.first + index * share,
        count: Math.max(0, Math.min(share, options.count - index * share)),
      };
      const worker = typeScriptWorker(new URL('./credential-maker-worker.ts', import.meta.url), batch);
      return new Promise<string[]>((resolve, reject) => {
        worker.once('message', (made: string[]) => {
          resolve(made);
          void worker.terminate();
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`credential maker exited with code ${code} before answering`)));
      });
    }),
  );
  return parts.flat();
}
