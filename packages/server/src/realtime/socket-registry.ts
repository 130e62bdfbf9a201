import type { RealtimeConversation, ServerFrame } from '@parley/protocol';
import { type Conversation, messageView } from '../conversations/types.js';
import type { RealtimeEvent } from './event-bus.js';

/** What the registry needs of a connection to route events to it. */
export interface RoutedSocket {
  /** For a visitor: the session and the profile whose conversations it may see. */
  readonly visitor: { sessionId: string; profileId: string } | null;
  /** For an operator: whether it sees a project. */
  sees(projectId: string): boolean;
  send(frame: ServerFrame): void;
  endSession(): void;
}

/** A profile's userId never changes: the conversation frames look it up once. */
export type UserIdOf = (profileId: string) => Promise<string | null>;

/**
 * This node's sockets, and the routing of events to them: a visitor gets its own profile's
 * conversations, an operator those of the projects it sees.
 */
export class SocketRegistry {
  private readonly sockets = new Set<RoutedSocket>();

  constructor(private readonly userIdOf: UserIdOf) {}

  add(socket: RoutedSocket): void {
    this.sockets.add(socket);
  }

  remove(socket: RoutedSocket): void {
    this.sockets.delete(socket);
  }

  get size(): number {
    return this.sockets.size;
  }

  async deliver(event: RealtimeEvent): Promise<void> {
    if (event.kind === 'sessionsRevoked') {
      const ended = new Set(event.sessionIds);
      for (const socket of this.sockets) if (socket.visitor && ended.has(socket.visitor.sessionId)) socket.endSession();
      return;
    }
    const frame = await this.frameOf(event);
    for (const socket of this.audience(event.conversation)) socket.send(frame);
  }

  private *audience(conversation: Conversation): Iterable<RoutedSocket> {
    for (const socket of this.sockets) {
      if (socket.visitor ? socket.visitor.profileId === conversation.profileId : socket.sees(conversation.projectId)) yield socket;
    }
  }

  private async frameOf(event: Exclude<RealtimeEvent, { kind: 'sessionsRevoked' }>): Promise<ServerFrame> {
    const conversationId = event.conversation.id;
    switch (event.kind) {
      case 'message':
        return { type: 'message', conversationId, message: messageView(event.message) };
      case 'typing':
        return { type: 'typing', conversationId, author: event.author, typing: event.typing };
      case 'read':
        return { type: 'read', conversationId, author: event.author, seq: event.seq };
      case 'conversation':
        return { type: 'conversation', conversation: await this.conversationView(event.conversation) };
    }
  }

  private async conversationView(conversation: Conversation): Promise<RealtimeConversation> {
    const userId = await this.userIdOf(conversation.profileId);
    return {
      id: conversation.id,
      projectId: conversation.projectId,
      status: conversation.status,
      assignedOperatorId: conversation.assignedOperatorId,
      lastSeq: conversation.lastSeq,
      authenticated: userId !== null,
      userId,
    };
  }
}
