import type { ClientFrameOf } from '@parley/protocol';
import { ConversationClosedError } from '../conversations/conversations.js';
import type { Conversation, Message } from '../conversations/types.js';
import { ApiError } from '../errors.js';
import type { FrameContext } from './frame-dispatch.js';
import { authorOf, reachable } from './identity.js';

/**
 * A `send` (docs/protocol.md, exactly-once): stored once per (conversation, author, clientId) and acknowledged once
 * committed. A visitor may leave the conversation out: its open one, or a new one. Counted against the budget its
 * session or bearer shares with its other sockets; past it, RATE_LIMITED (the client resends by clientId).
 */
export async function sendMessage(context: FrameContext, frame: ClientFrameOf<'send'>): Promise<void> {
  const { services, identity, socket } = context;
  const waitMs = context.budgets.message(context.owner);
  if (waitMs > 0) {
    const message = `too many messages from this session or bearer: resend in ${Math.ceil(waitMs / 1000)} s`;
    return socket.send({ type: 'error', code: 'RATE_LIMITED', message, clientId: frame.clientId });
  }
  const { conversations } = services;
  const session = identity.kind === 'visitor' ? identity.session : null;
  const author = authorOf(identity);
  const draft = {
    authorKind: author.kind,
    authorId: author.id,
    clientId: frame.clientId,
    text: frame.text,
    verified: session?.authenticated ?? false,
    brandKeyId: session?.brandKeyId ?? null,
    userId: session?.authenticated ? session.userId : null,
  };
  const acknowledge = (conversationId: string, message: Message) =>
    socket.send({
      type: 'ack',
      clientId: frame.clientId,
      messageId: message.id,
      conversationId,
      seq: message.seq,
      createdAt: message.createdAt,
    });
  let conversation: Conversation;
  if (frame.conversationId !== undefined) conversation = await reachable(services, identity, frame.conversationId);
  else if (session) {
    const { remembered } = context;
    const rememberedId = remembered.openConversationId;
    if (rememberedId !== null) {
      try {
        const { message } = await conversations.append(rememberedId, { ...draft, whileOpen: true, whileOfProfile: session.profileId });
        return acknowledge(rememberedId, message);
      } catch (error) {
        // Closed, moved to another profile (a sign-in) or erased since: find the open one as if nothing were remembered.
        const gone = error instanceof ConversationClosedError || (error instanceof ApiError && error.code === 'NOT_FOUND');
        if (!gone) throw error;
        if (remembered.openConversationId === rememberedId) remembered.openConversationId = null;
      }
    }
    const open = await conversations.openOf(session.profileId);
    // A resend whose conversation was closed meanwhile is acknowledged, not stored in a new one.
    const latest = open ?? (await conversations.latestOf(session.profileId));
    const sent = !open && latest ? await conversations.findSent(latest.id, draft) : null;
    if (latest && sent) return acknowledge(latest.id, sent);
    conversation = open ?? (await conversations.ensureOpen(session.projectId, session.profileId, draft.userId));
  } else throw new ApiError('VALIDATION_FAILED', 'conversationId: agents name the conversation they write in');
  if (conversation.status === 'open') {
    try {
      // A visitor writes only in its own profile's conversations, also when a sign-in moves this one meanwhile.
      const { message } = await conversations.append(conversation.id, {
        ...draft,
        whileOpen: true,
        whileOfProfile: session?.profileId ?? null,
      });
      if (session && frame.conversationId === undefined) context.remembered.openConversationId = conversation.id;
      return acknowledge(conversation.id, message);
    } catch (error) {
      // Closed (or moved) since it was read (a resend of a stored clientId was answered with its message by append).
      if (!(error instanceof ConversationClosedError)) throw error;
    }
  } else {
    const sent = await conversations.findSent(conversation.id, draft);
    if (sent) return acknowledge(conversation.id, sent);
  }
  const message = 'this conversation is closed: send without conversationId to start a new one';
  socket.send({ type: 'error', code: 'CONVERSATION_CLOSED', message, clientId: frame.clientId });
}
