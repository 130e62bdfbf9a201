import { parseServerFrame, RestartReconnects, type ServerFrame } from '@parley/protocol';

export type SocketState = 'connecting' | 'live' | 'offline';

interface OperatorSocketOptions {
  bearer: string;
  onFrame(frame: ServerFrame): void;
  onState(state: SocketState): void;
  /** The bearer is no longer valid (4401): the operator must sign in again. */
  onSignedOut(): void;
  /**
   * Frames may have been missed: after a reconnection (every `ready` but the first) and on `resync` (the
   * server's fan-out between nodes was interrupted; the socket stays open). The caller reloads what it shows.
   */
  onCatchUp(): void;
}

const REAUTH = 4401;
const NO_RETRY = new Set([1007, 1009, 4400, 4403]);

/**
 * The desk's realtime channel: authenticates with the operator's bearer as its first frame, receives the
 * frames of every conversation of the operator's projects, reconnects with backoff (1 s doubling to 30 s) — at once
 * when the node left (1012 SERVICE_RESTART: a restart, another node answers) — and says when the caller must reload
 * because frames may have been missed.
 */
export class OperatorSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private readies = 0;
  private readonly restarts = new RestartReconnects();

  constructor(private readonly options: OperatorSocketOptions) {
    this.open();
  }

  /** Sends a frame; false when the channel is not live (the caller tells the agent). */
  send(frame: Record<string, unknown>): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.socket?.close(1000);
  }

  private open(): void {
    this.options.onState('connecting');
    const url = new URL('/realtime', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify({ type: 'auth', token: this.options.bearer }));
    socket.onmessage = (event: MessageEvent) => {
      const parsed = typeof event.data === 'string' ? parseServerFrame(event.data) : null;
      if (!parsed?.ok) return;
      if (parsed.frame.type === 'ready') {
        this.attempt = 0;
        this.restarts.ready();
        this.options.onState('live');
        if (this.readies++ > 0) this.options.onCatchUp();
      } else if (parsed.frame.type === 'resync') this.options.onCatchUp();
      this.options.onFrame(parsed.frame);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.closed || this.socket !== socket) return;
      const atOnce = this.restarts.delayAfter(event.code);
      if (atOnce !== null) {
        // The node left (a restart): another one answers now; the desk shows "Connecting…", not offline, meanwhile.
        this.timer = setTimeout(() => this.open(), atOnce);
        return;
      }
      this.options.onState('offline');
      if (event.code === REAUTH) return this.options.onSignedOut();
      // The server will refuse again (a malformed frame, a bearer that may not open a channel): no loop.
      if (NO_RETRY.has(event.code)) return;
      const delay = Math.min(30_000, 1000 * 2 ** this.attempt++) * (0.8 + Math.random() * 0.4);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }
}
