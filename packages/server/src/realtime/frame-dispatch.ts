import type { ClientFrame, ClientFrameOf, parseClientFrame, ServerFrame } from '@parley/protocol';
import { ApiError } from '../errors.js';
import type { Services } from '../services.js';
import { StoreUnavailableError } from '../store/storage-faults.js';
import { authorOf, type Identity, reachable } from './identity.js';
import type { OwnerBudgets } from './owner-budgets.js';
import { type ReplayTarget, type Resumes, replay } from './replay.js';
import { sendMessage } from './send-message.js';

export type Parsed = ReturnType<typeof parseClientFrame>;

/** What handling an authenticated socket's frames needs. */
export interface FrameContext {
  readonly services: Services;
  readonly identity: Identity;
  /** The visitor session or operator bearer whose budgets the socket shares with its others. */
  readonly owner: string;
  readonly budgets: OwnerBudgets;
  readonly resumes: Resumes;
  /** The socket: where answers go, and the pace a replay keeps. */
  readonly socket: Omit<ReplayTarget, 'messagesAfter'> & { send(frame: ServerFrame): void };
  /**
   * A visitor socket's open conversation as its `ready` or its last send found it: a send without conversationId
   * appends there while it is still open and still the visitor's, without reading which one is open first.
   */
  readonly remembered: { openConversationId: string | null };
}

/**
 * Handles one frame of an authenticated socket. A frame that fails is answered with an `error` frame (with the
 * `clientId` of a send) and the socket stays; anything but a refusal or an unavailable database is thrown.
 */
export async function dispatch(context: FrameContext, parsed: Parsed): Promise<void> {
  const { socket } = context;
  if (!parsed.ok) return socket.send({ type: 'error', code: 'VALIDATION_FAILED', message: parsed.error });
  const { frame } = parsed;
  if (frame.type === 'auth') return socket.send({ type: 'error', code: 'VALIDATION_FAILED', message: 'already authenticated' });
  const clientId = frame.type === 'send' ? { clientId: frame.clientId } : {};
  try {
    await handle(context, frame);
  } catch (error) {
    if (error instanceof ApiError) return socket.send({ type: 'error', code: error.code, message: error.message, ...clientId });
    if (!(error instanceof StoreUnavailableError)) throw error;
    // The database is down or saturated: the socket stays, the client resends (same clientId) after a backoff.
    socket.send({ type: 'error', code: 'INTERNAL_ERROR', message: 'the database is unavailable: retry with backoff', ...clientId });
  }
}

async function handle(context: FrameContext, frame: Exclude<ClientFrame, { type: 'auth' }>): Promise<void> {
  const { services, identity } = context;
  switch (frame.type) {
    case 'ping':
      return context.socket.send({ type: 'pong' });
    case 'send':
      return sendMessage(context, frame);
    case 'resume':
      return resume(context, frame);
    case 'typing': {
      // Looked up first: a conversation this socket may not see is NOT_FOUND, coalesced or not.
      const conversation = await reachable(services, identity, frame.conversationId);
      const author = authorOf(identity);
      if (context.budgets.relayTyping(context.owner, conversation.id, `${author.kind}:${author.id}`, frame.typing))
        services.bus.publish({ kind: 'typing', conversation, author, typing: frame.typing });
      return;
    }
    case 'read': {
      const conversation = await reachable(services, identity, frame.conversationId);
      // An operator's read is kept (unread counts on every device); a visitor's is only relayed, never past the last message.
      const seq =
        identity.kind === 'operator'
          ? await services.readState.markRead(identity.principal.operatorId, conversation, frame.seq)
          : Math.min(frame.seq, conversation.lastSeq);
      services.bus.publish({ kind: 'read', conversation, author: authorOf(identity), seq });
      return;
    }
  }
}

/** Skipped when a newer resume of the conversation waits behind it; paced by the client's reading (see replay). */
async function resume(context: FrameContext, frame: ClientFrameOf<'resume'>): Promise<void> {
  const { services, resumes } = context;
  if (!resumes.take(frame.conversationId)) return;
  const conversation = await reachable(services, context.identity, frame.conversationId);
  const target: ReplayTarget = {
    ...context.socket,
    messagesAfter: async (conversationId, afterSeq, limit) =>
      services.authorNames.views(
        await services.conversations.messagesAfter(conversationId, afterSeq, limit),
        conversation.projectId,
        context.identity.kind,
      ),
  };
  await resumes.run(conversation.id, (signal) => replay(target, conversation.id, frame.afterSeq, signal));
}
