import type { Conversation, Message } from '../conversations/types.js';

/** What one node tells every node (and its own sockets) about. */
export type RealtimeEvent =
  | { kind: 'message'; conversation: Conversation; message: Message }
  | { kind: 'conversation'; conversation: Conversation }
  | { kind: 'typing'; conversation: Conversation; author: { kind: 'visitor' | 'agent'; id: string }; typing: boolean }
  | { kind: 'read'; conversation: Conversation; author: { kind: 'visitor' | 'agent'; id: string }; seq: number }
  | { kind: 'sessionsRevoked'; sessionIds: readonly string[] }
  /** userErase took these profiles' userIds: nodes forget what they cached of them. */
  | { kind: 'profilesErased'; profileIds: readonly string[] }
  /** Fan-out between nodes was interrupted and works again: every socket catches up from the database. */
  | { kind: 'resync' };

/** Fan-out between the nodes of a deployment: in memory for one process, Redis for several. */
export interface EventBus {
  publish(event: RealtimeEvent): void;
  subscribe(listener: (event: RealtimeEvent) => void): () => void;
  close(): Promise<void>;
}

export class InMemoryEventBus implements EventBus {
  private readonly listeners = new Set<(event: RealtimeEvent) => void>();

  publish(event: RealtimeEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: (event: RealtimeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
