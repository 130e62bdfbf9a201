import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RedisHandle } from '../store/redis.js';
import type { EventBus, RealtimeEvent } from './event-bus.js';

interface Envelope {
  node: string;
  event: RealtimeEvent;
}

/**
 * Fan-out between nodes through Redis pub/sub: an event reaches this node's listeners at once
 * and every other node's through the channel. Pub/sub keeps nothing: a node that is down misses
 * events, and its clients catch up with `resume` (messages are in the database, not in Redis).
 */
export class RedisEventBus implements EventBus {
  private readonly node = randomUUID();
  private readonly listeners = new Set<(event: RealtimeEvent) => void>();
  private readonly channel: string;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    prefix: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.channel = `${prefix}realtime`;
  }

  static async open(redis: RedisHandle, onError: (error: unknown) => void): Promise<RedisEventBus> {
    // A subscribed connection can do nothing else; it also queues while reconnecting, so no event is dropped by the client.
    const subscriber = redis.client.duplicate({ enableOfflineQueue: true, commandTimeout: undefined });
    subscriber.on('error', onError);
    const bus = new RedisEventBus(redis.client, subscriber, redis.prefix, onError);
    await subscriber.subscribe(bus.channel);
    subscriber.on('message', (_channel: string, text: string) => bus.receive(text));
    return bus;
  }

  publish(event: RealtimeEvent): void {
    this.deliver(event);
    const envelope: Envelope = { node: this.node, event };
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch(this.onError);
  }

  subscribe(listener: (event: RealtimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  private receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch (error) {
      this.onError(error);
      return;
    }
    if (envelope.node !== this.node) this.deliver(envelope.event);
  }

  private deliver(event: RealtimeEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
