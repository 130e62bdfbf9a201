import type { ServerFrame } from '@parley/protocol';
import { type InboxConversation, previewOf } from './desk-types.js';

const AUTHOR_KINDS = { visitor: 'VISITOR', agent: 'AGENT', system: 'SYSTEM' } as const;

export interface FrameOutcome {
  conversations: Map<string, InboxConversation>;
  /** A conversation the inbox must read again (new to it, or changed in a way the frame does not carry). */
  refetch: string | null;
}

/**
 * How one realtime frame changes the inbox of operator `me`: live status, preview, assignee and the
 * unread count the server keeps (its own messages and system lines are never unread; its `read` on
 * another device clears the count there too).
 */
export function applyFrame(current: Map<string, InboxConversation>, frame: ServerFrame, me: string | null): FrameOutcome {
  const unchanged = { conversations: current, refetch: null };
  const conversationId = frame.type === 'conversation' ? frame.conversation.id : 'conversationId' in frame ? frame.conversationId : null;
  if (conversationId === null || !['conversation', 'message', 'read'].includes(frame.type)) return unchanged;
  const known = current.get(conversationId);
  if (!known && frame.type === 'conversation') {
    // New to this desk: listed at once from the frame (alerts name the user), then read whole.
    const { conversation } = frame;
    const provisional: InboxConversation = {
      id: conversation.id,
      projectId: conversation.projectId,
      status: conversation.status === 'open' ? 'OPEN' : 'CLOSED',
      lastSeq: conversation.lastSeq,
      updatedAt: new Date().toISOString(),
      authenticated: conversation.authenticated,
      userId: conversation.userId ?? null,
      extId: null,
      erased: false,
      preview: '',
      previewIsSystem: false,
      assignee: null,
      unread: 0,
      lastReadSeq: 0,
    };
    return { conversations: new Map(current).set(conversationId, provisional), refetch: conversationId };
  }
  if (!known) return frame.type === 'read' ? unchanged : { conversations: current, refetch: conversationId };
  const set = (next: InboxConversation, refetch: string | null = null) => ({
    conversations: new Map(current).set(conversationId, next),
    refetch,
  });

  if (frame.type === 'conversation') {
    const { conversation } = frame;
    const next = {
      ...known,
      status: conversation.status === 'open' ? ('OPEN' as const) : ('CLOSED' as const),
      lastSeq: conversation.lastSeq,
      authenticated: conversation.authenticated,
      userId: conversation.userId ?? null,
    };
    // The frame names the assignee by id only: read the conversation again for the name. A visitor whose identity
    // changed (signed in, or erased at their request) is read again too: the erasure and the rewritten preview.
    const reassigned = (conversation.assignedOperatorId ?? null) !== (known.assignee?.id ?? null);
    const reidentified = next.authenticated !== known.authenticated || next.userId !== known.userId;
    return set(next, reassigned || reidentified ? conversationId : null);
  }
  if (frame.type === 'message') {
    const { message } = frame;
    const kind = AUTHOR_KINDS[message.author.kind];
    const mine = kind === 'SYSTEM' || (kind === 'AGENT' && message.author.id === me);
    const fresh = message.seq > known.lastSeq;
    return set({
      ...known,
      lastSeq: Math.max(known.lastSeq, message.seq),
      updatedAt: fresh ? message.createdAt : known.updatedAt,
      preview: fresh ? previewOf(message.text, kind) : known.preview,
      previewIsSystem: fresh ? kind === 'SYSTEM' : known.previewIsSystem,
      unread: fresh && !mine && message.seq > known.lastReadSeq ? known.unread + 1 : known.unread,
    });
  }
  if (frame.type === 'read' && frame.author.kind === 'agent' && frame.author.id === me) {
    if (frame.seq <= known.lastReadSeq) return unchanged;
    // Read to the end: nothing left. Part of it: only the server can count what is left.
    if (frame.seq >= known.lastSeq) return set({ ...known, lastReadSeq: frame.seq, unread: 0 });
    return set({ ...known, lastReadSeq: frame.seq }, conversationId);
  }
  return unchanged;
}
