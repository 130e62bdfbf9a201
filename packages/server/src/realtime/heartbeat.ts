import { MISSED_HEARTBEATS_BEFORE_CLOSE } from '@parley/protocol';
import type { WebSocket } from 'ws';

/** WebSocket pings every `seconds`; a socket that misses MISSED_HEARTBEATS_BEFORE_CLOSE pongs in a row is dropped. */
export class Heartbeat {
  private missed = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly socket: WebSocket) {
    socket.on('pong', () => {
      this.missed = 0;
    });
  }

  /** `onBeat` runs at each ping. */
  start(seconds: number, onBeat: () => void): void {
    this.timer = setInterval(() => {
      if (this.missed >= MISSED_HEARTBEATS_BEFORE_CLOSE) {
        this.socket.terminate();
        return;
      }
      this.missed++;
      this.socket.ping();
      onBeat();
    }, seconds * 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
