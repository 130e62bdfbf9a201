import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * What one socket has waiting to be sent, bounded: a client that stops reading must not grow the node's memory.
 * Replays wait while the buffer is over a low-water mark (a quarter of the bound, so a replay alone never reaches
 * the bound); any send that would pass the bound is refused, and the connection closes the socket.
 */
export class Outbound {
  private readonly lowWater: number;
  private corked = false;

  constructor(
    private readonly socket: WebSocket,
    /** The socket's TCP (or TLS) stream: its 'drain' says the buffer emptied. */
    private readonly transport: Writable,
    private readonly maxBytes: number,
  ) {
    this.lowWater = Math.floor(maxBytes / 4);
    // terminate() destroys the transport, which drops what is corked: what was sent before it leaves first.
    const terminate = socket.terminate.bind(socket);
    socket.terminate = () => {
      this.flush();
      terminate();
    };
  }

  /** Writes what this turn corked now rather than at the turn's end. */
  flush(): void {
    if (!this.corked) return;
    this.corked = false;
    this.transport.uncork();
  }

  /**
   * Queues `text`; false, and nothing queued, when the buffer would pass the bound. The frames sent to a socket
   * within one event-loop turn leave in one write (an agent receives every message of a batch: one system call,
   * not one per frame).
   */
  send(text: string): boolean {
    if (this.socket.bufferedAmount + Buffer.byteLength(text) > this.maxBytes) return false;
    if (!this.corked) {
      this.corked = true;
      this.transport.cork();
      setImmediate(() => this.flush());
    }
    this.socket.send(text);
    return true;
  }

  /**
   * Over the low-water mark, and a 'drain' to come. Without `writableNeedDrain` the stream holds less than its own
   * high-water mark (16 or 64 KiB by Node version), which the smallest bound allowed (256 KiB) leaves room for.
   */
  full(): boolean {
    return this.socket.bufferedAmount > this.lowWater && this.transport.writableNeedDrain && this.socket.readyState === this.socket.OPEN;
  }

  /** Resolves once the buffer is no longer `full`, the socket closed, or `signal` aborts. */
  async drained(signal: AbortSignal): Promise<void> {
    while (this.full() && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.transport.off('drain', wake);
          this.transport.off('close', wake);
          signal.removeEventListener('abort', wake);
          resolve();
        };
        this.transport.on('drain', wake);
        this.transport.on('close', wake);
        signal.addEventListener('abort', wake);
      });
    }
  }
}
