import { parseServerFrame, type ServerFrame } from '@parley/protocol';
import WebSocket from 'ws';

export interface RealtimeClient {
  /** Every frame received so far, in order. */
  readonly frames: ServerFrame[];
  send(frame: Record<string, unknown>): void;
  /** The next frame (not yet taken) of a type, waiting for it. */
  next<T extends ServerFrame['type']>(type: T, timeoutMs?: number): Promise<Extract<ServerFrame, { type: T }>>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** A WebSocket client of /realtime that authenticates with `token` as its first frame; `origin` is sent as a browser would. */
export async function connectRealtime(baseUrl: string, token: string | null, options: { origin?: string } = {}): Promise<RealtimeClient> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/realtime`, options.origin ? { origin: options.origin } : {});
  const frames: ServerFrame[] = [];
  const taken = new Set<number>();
  const waiters = new Set<() => void>();
  // Every frame the server sends must conform to the protocol (the conformance parser of @parley/protocol).
  const nonConforming: string[] = [];
  socket.on('message', (data) => {
    const parsed = parseServerFrame(data.toString());
    if (!parsed.ok) nonConforming.push(`${parsed.error}: ${data.toString().slice(0, 200)}`);
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const waiter of waiters) waiter();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const waiter of waiters) waiter();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (token !== null) socket.send(JSON.stringify({ type: 'auth', token }));
  return {
    frames,
    closed,
    send: (frame) => socket.send(JSON.stringify(frame)),
    close: () => socket.close(),
    next(type, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        if (nonConforming.length > 0) return reject(new Error(`the server sent frames outside the protocol: ${nonConforming.join('; ')}`));
        const look = () => {
          const index = frames.findIndex((frame, i) => frame.type === type && !taken.has(i));
          if (index < 0) return false;
          taken.add(index);
          waiters.delete(look);
          clearTimeout(timer);
          resolve(frames[index] as never);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(look);
          reject(new Error(`no "${type}" frame within ${timeoutMs} ms; got ${JSON.stringify(frames.map((frame) => frame.type))}`));
        }, timeoutMs);
        if (!look()) waiters.add(look);
      });
    },
  };
}
