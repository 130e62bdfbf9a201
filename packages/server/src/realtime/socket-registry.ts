import type { RealtimeConversation, ServerFrame } from '@parley/protocol';
import type { Conversation } from '../conversations/types.js';
import type { Audience, AuthorNames } from './author-names.js';
import type { RealtimeEvent } from './event-bus.js';

/** What the registry needs of a connection to route events to it. */
export interface RoutedSocket {
  /** For a visitor: the session and the profile whose conversations it may see. */
  readonly visitor: { sessionId: string; profileId: string } | null;
  /** For an operator: whether it sees a project. */
  sees(projectId: string): boolean;
  send(frame: ServerFrame): void;
  /** A frame already serialized: one event is stringified once for all its recipients. */
  sendText(text: string): void;
  endSession(): void;
  /** Events may have been missed: tell the client to catch up (`resync`). */
  resync(): void;
}

/** A profile's userId changes only when it is erased (the cache forgets it then): the conversation frames look it up once. */
export type UserIdOf = (profileId: string) => Promise<string | null>;
/** Which of these visitor sessions have ended (revoked, expired, gone): one query for many sockets. */
export type EndedSessions = (sessionIds: readonly string[]) => Promise<ReadonlySet<string>>;

/**
 * Resyncs that arrive together become one: after an interruption every node that recovers tells every node,
 * so N nodes would send each socket N `resync` frames, and N rounds of `resume` to the database.
 */
const RESYNC_GATHER_MS = 500;

/**
 * This node's sockets, and the routing of events to them: a visitor gets its own profile's
 * conversations, an operator those of the projects it sees.
 */
export class SocketRegistry {
  /** Visitor sockets by profile and by session: an event reaches its few recipients without a scan. */
  private readonly byProfile = new Map<string, Set<RoutedSocket>>();
  private readonly bySession = new Map<string, Set<RoutedSocket>>();
  /** Operators are few per node: they are checked one by one. */
  private readonly operators = new Set<RoutedSocket>();

  private gathering: Promise<void> | null = null;

  constructor(
    private readonly userIdOf: UserIdOf,
    private readonly endedSessions: EndedSessions,
    private readonly authorNames: AuthorNames,
  ) {}

  add(socket: RoutedSocket): void {
    if (!socket.visitor) this.operators.add(socket);
    else {
      addTo(this.byProfile, socket.visitor.profileId, socket);
      addTo(this.bySession, socket.visitor.sessionId, socket);
    }
  }

  remove(socket: RoutedSocket): void {
    if (!socket.visitor) this.operators.delete(socket);
    else {
      removeFrom(this.byProfile, socket.visitor.profileId, socket);
      removeFrom(this.bySession, socket.visitor.sessionId, socket);
    }
  }

  async deliver(event: RealtimeEvent): Promise<void> {
    if (event.kind === 'sessionsRevoked') {
      for (const sessionId of event.sessionIds) for (const socket of [...(this.bySession.get(sessionId) ?? [])]) socket.endSession();
      return;
    }
    // Handled by whoever caches userIds (gateway.ts): nothing to send.
    if (event.kind === 'profilesErased') return;
    if (event.kind === 'resync') {
      this.gathering ??= new Promise<void>((resolve) => setTimeout(resolve, RESYNC_GATHER_MS)).then(() => {
        this.gathering = null;
        return this.resyncAll();
      });
      return this.gathering;
    }
    const { conversation } = event;
    if (event.kind === 'message') {
      // Operators always see the agent's name; visitors as the project's widget says (one text per audience).
      const messageFrame = async (audience: Audience) => {
        const message = await this.authorNames.view(event.message, conversation.projectId, audience);
        return JSON.stringify({ type: 'message', conversationId: conversation.id, message } satisfies ServerFrame);
      };
      await this.send(conversation, await messageFrame('visitor'), await messageFrame('operator'));
      return;
    }
    const text = JSON.stringify(await this.frameOf(event));
    await this.send(conversation, text, text);
  }

  private async send(conversation: Conversation, visitorText: string, operatorText: string): Promise<void> {
    for (const socket of this.byProfile.get(conversation.profileId) ?? []) socket.sendText(visitorText);
    for (const socket of this.operators) if (socket.sees(conversation.projectId)) socket.sendText(operatorText);
  }

  /**
   * Every socket is told to catch up; a visitor whose session ended while revocations could not travel is
   * closed instead. Should the database fail meanwhile, every socket is told anyway: sessions are checked
   * again on their next request.
   */
  private async resyncAll(): Promise<void> {
    let ended: ReadonlySet<string> = new Set();
    try {
      ended = await this.endedSessions([...this.bySession.keys()]);
    } catch {
      // The database failed again: nobody is closed on a guess.
    }
    for (const [sessionId, sockets] of [...this.bySession]) {
      for (const socket of [...sockets]) {
        if (ended.has(sessionId)) socket.endSession();
        else socket.resync();
      }
    }
    for (const socket of this.operators) socket.resync();
  }

  private async frameOf(
    event: Exclude<RealtimeEvent, { kind: 'sessionsRevoked' | 'resync' | 'message' | 'profilesErased' }>,
  ): Promise<ServerFrame> {
    const conversationId = event.conversation.id;
    switch (event.kind) {
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

function addTo(index: Map<string, Set<RoutedSocket>>, key: string, socket: RoutedSocket): void {
  const sockets = index.get(key);
  if (sockets) sockets.add(socket);
  else index.set(key, new Set([socket]));
}

function removeFrom(index: Map<string, Set<RoutedSocket>>, key: string, socket: RoutedSocket): void {
  const sockets = index.get(key);
  if (!sockets) return;
  sockets.delete(socket);
  if (sockets.size === 0) index.delete(key);
}
