/** A WebSocket client of /realtime that keeps every frame it receives, checks each against the protocol, and can wait for one. */
import { parseServerFrame } from '@parley/protocol';
import WebSocket from 'ws';

export type ServerFrameJson = Record<string, unknown> & { type?: unknown };

export interface Closed {
  code: number;
  reason: string;
}

export class FuzzSocket {
  /** Every frame received, parsed as JSON (the raw text when it is not JSON). */
  readonly frames: ServerFrameJson[] = [];
  /** Frames that `parseServerFrame` of @parley/protocol refuses: the server broke its own protocol. */
  readonly nonConforming: string[] = [];
  closed: Closed | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      const text = data.toString();
      if (isBinary) this.nonConforming.push(`a binary frame of ${text.length} bytes`);
      const parsed = parseServerFrame(text);
      if (!parsed.ok) this.nonConforming.push(`${parsed.error}: ${text.slice(0, 300)}`);
      this.frames.push(parseJson(text));
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(baseUrl: string, timeoutMs = 5000): Promise<FuzzSocket> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/realtime`, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new FuzzSocket(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => reject(new Error(`/realtime upgrade answered ${response.statusCode}`)));
    });
  }

  get open(): boolean {
    return this.closed === null && this.socket.readyState === WebSocket.OPEN;
  }

  sendText(text: string): void {
    if (this.open) this.socket.send(text, { binary: false });
  }

  /** Bytes sent as they are, as a text frame (`binary: false`) or a binary one: the server sees invalid UTF-8 if they hold it. */
  sendBytes(bytes: Uint8Array, binary: boolean): void {
    if (this.open) this.socket.send(bytes, { binary });
  }

  /** The first frame from index `from` on that matches, or null when the socket closes or `timeoutMs` passes first. */
  waitFor(match: (frame: ServerFrameJson) => boolean, timeoutMs: number, from = 0): Promise<ServerFrameJson | null> {
    return new Promise((resolve) => {
      let index = from;
      const look = (): boolean => {
        for (; index < this.frames.length; index++) {
          const frame = this.frames[index] as ServerFrameJson;
          if (match(frame)) {
            finish(frame);
            return true;
          }
        }
        if (this.closed) finish(null);
        return this.closed !== null;
      };
      const finish = (frame: ServerFrameJson | null) => {
        clearTimeout(timer);
        this.waiters.delete(look);
        resolve(frame);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      if (!look()) this.waiters.add(look);
    });
  }

  /** Resolves with the close, or null after `timeoutMs`. */
  waitForClose(timeoutMs: number): Promise<Closed | null> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => {
      const look = (): boolean => {
        if (!this.closed) return false;
        clearTimeout(timer);
        this.waiters.delete(look);
        resolve(this.closed);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(look);
        resolve(null);
      }, timeoutMs);
      this.waiters.add(look);
    });
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(1000);
  }

  /** Drops the TCP connection without a close frame. */
  terminate(): void {
    this.socket.terminate();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

function parseJson(text: string): ServerFrameJson {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as ServerFrameJson) : { raw: text };
  } catch {
    return { raw: text };
  }
}
