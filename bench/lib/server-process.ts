import { type ChildProcess, fork } from 'node:child_process';
import type { StallReport } from './stall-probe.js';

/** A server under test in a process of its own, driven over IPC: 'ready' with its URL, then 'elu', 'stalls', 'memory' and 'stop'. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** The server's event loop so far: ms active and idle. */
  eventLoop(): Promise<{ active: number; idle: number }>;
  /** The server's long event-loop turns since the last call (bench/lib/stall-probe.ts; activation-server only). */
  stalls(): Promise<StallReport>;
  /** process.memoryUsage() of the server, after a full garbage collection (it runs with --expose-gc). */
  memory(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

export interface ForkOptions {
  /** What the messages call it. */
  label: string;
  /** The module to run (TypeScript, through tsx). */
  module: string;
  env: NodeJS.ProcessEnv;
  /** Where V8 CPU profiles of the process go (--cpu-prof), if anywhere. */
  cpuProfileDir?: string | null;
}

/** Forks `module` with tsx and --expose-gc, stdout to /dev/null (the JSON-line logs are still written), and waits for its 'ready'. */
export async function forkServer(options: ForkOptions): Promise<ServerProcess> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = fork(options.module, [], {
    execArgv: ['--import', 'tsx', '--expose-gc', ...profile],
    env: options.env,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((ready, failed) => {
    const timer = setTimeout(() => failed(new Error(`${options.label}: the server did not start within 60 s`)), 60_000);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'ready' && message.url) {
        clearTimeout(timer);
        ready(message.url);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      failed(new Error(`${options.label}: the server exited with code ${code} before listening`));
    });
  });
  /** Sends `type` and resolves with the `type` field of the first answer of that type. */
  const ask = <T>(type: string): Promise<T> =>
    new Promise((answer, failed) => {
      const listen = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        child.off('message', listen);
        answer(message[type] as T);
      };
      child.on('message', listen);
      if (!child.connected) failed(new Error(`${options.label}: the server is gone`));
      else child.send(type);
    });
  return {
    child,
    pid: child.pid as number,
    url,
    port: Number(new URL(url).port),
    eventLoop: () => ask('elu'),
    stalls: () => ask('stalls'),
    memory: () => ask('memory'),
    async stop() {
      if (child.connected) child.send('stop');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
