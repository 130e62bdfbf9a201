import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Log } from '../log.js';
import type { RedisHandle } from '../store/redis.js';
import { withTimeout } from '../with-timeout.js';
import type { EventBus, RealtimeEvent } from './event-bus.js';

interface Envelope {
  node: string;
  event: RealtimeEvent;
}

/** How often an interrupted fan-out checks whether Redis answers again. */
const RECOVERY_CHECK_MS = 1000;
/**
 * How often the subscriber proves it still receives: a connection dropped silently on the way (a NAT or
 * firewall idle timeout) raises no error, and without a check its node would miss every event for hours.
 */
const SUBSCRIBER_CHECK_MS = 5000;

/**
 * Fan-out between nodes through Redis pub/sub: an event reaches this node's listeners at once
 * and every other node's through the channel. Pub/sub keeps nothing, so when an event may have
 * been missed (a publish failed or timed out, the subscriber lost its connection) the bus is
 * "interrupted"; once Redis answers again it sends a `resync` event to every node, itself
 * included, and the sockets catch up from the database, where every acknowledged message is.
 */
export class RedisEventBus implements EventBus {
  private readonly node = randomUUID();
  private readonly listeners = new Set<(event: RealtimeEvent) => void>();
  private readonly channel: string;
  /** When the fan-out was interrupted; null while it works. */
  private interruptedAt: number | null = null;
  private recoveryTimer: NodeJS.Timeout | null = null;
  private readonly livenessTimer: NodeJS.Timeout;
  private closing = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly log: Log,
  ) {
    this.channel = `${prefix}realtime`;
    this.livenessTimer = setInterval(() => this.checkSubscriber(), SUBSCRIBER_CHECK_MS);
    this.livenessTimer.unref();
  }

  static async open(redis: RedisHandle, log: Log): Promise<RedisEventBus> {
    // A subscribed connection can do nothing else; ioredis subscribes it again after a reconnection.
    // Without `commandTimeout`: ioredis sends that SUBSCRIBE without handling its rejection, so a timed-out
    // one would be an unhandled rejection (the process exits); the PINGs below carry their own limit.
    const subscriber = redis.client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    const bus = new RedisEventBus(redis.client, subscriber, redis.prefix, log);
    subscriber.on('error', (error: Error) => bus.interrupted(`the subscriber connection failed (${error.message})`));
    await subscriber.subscribe(bus.channel);
    subscriber.on('close', () => bus.interrupted('the subscriber connection closed'));
    subscriber.on('message', (_channel: string, text: string) => bus.receive(text));
    return bus;
  }

  /** Whether events may be missing right now (for /readyz's body and the metrics). */
  get degraded(): boolean {
    return this.interruptedAt !== null;
  }

  publish(event: RealtimeEvent): void {
    this.deliver(event);
    const envelope: Envelope = { node: this.node, event };
    this.publisher
      .publish(this.channel, JSON.stringify(envelope))
      .catch((error: Error) => this.interrupted(`Redis did not take an event (${error.message})`));
  }

  subscribe(listener: (event: RealtimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.livenessTimer);
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    this.listeners.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  /** A PING that gets no answer in time: the connection is dropped and made again (ioredis subscribes again). */
  private checkSubscriber(): void {
    if (this.closing || this.interruptedAt !== null || this.subscriber.status !== 'ready') return;
    withTimeout(this.subscriber.ping(), RECOVERY_CHECK_MS, 'Redis').catch(() => {
      this.interrupted('the subscriber connection stopped answering');
      this.subscriber.disconnect(true);
    });
  }

  private interrupted(why: string): void {
    if (this.closing) return;
    if (this.interruptedAt === null) {
      this.interruptedAt = Date.now();
      this.log.warn(
        { why },
        `realtime fan-out through Redis interrupted: ${why}. Events between nodes may arrive late or not at all until Redis answers; then every socket is told to resync from the database`,
      );
    }
    this.scheduleRecoveryCheck();
  }

  private scheduleRecoveryCheck(): void {
    if (this.recoveryTimer || this.closing) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = null;
      this.recover().catch(() => this.scheduleRecoveryCheck());
    }, RECOVERY_CHECK_MS);
    this.recoveryTimer.unref();
  }

  /**
   * Both connections answer again: the subscriber's PING comes back after its re-SUBSCRIBE (one
   * connection answers in order), so nothing published from now on is missed; then every node,
   * this one included, tells its sockets to resync.
   */
  private async recover(): Promise<void> {
    await withTimeout(this.subscriber.ping(), RECOVERY_CHECK_MS, 'Redis');
    const resync: Envelope = { node: this.node, event: { kind: 'resync' } };
    await this.publisher.publish(this.channel, JSON.stringify(resync));
    const seconds = ((Date.now() - (this.interruptedAt ?? Date.now())) / 1000).toFixed(1);
    this.interruptedAt = null;
    this.log.info(
      { seconds: Number(seconds) },
      `realtime fan-out through Redis restored after ${seconds} s: every socket was told to resync`,
    );
    this.deliver({ kind: 'resync' });
  }

  private receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch {
      this.log.warn({ channel: this.channel }, 'a realtime event from Redis was not JSON: ignored');
      return;
    }
    if (envelope.node !== this.node) this.deliver(envelope.event);
  }

  private deliver(event: RealtimeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
