import type { ServerFrame } from '@parley/protocol';
import type { InboxConversation } from './desk-types.js';

export interface Alert {
  conversationId: string;
  title: string;
  body: string;
}

/**
 * What deserves an alert (a desktop notification, a sound): a visitor writing in a conversation that
 * is new, unassigned or assigned to `me`, unless `me` is looking at it. Agents' messages, system
 * lines and conversations of colleagues never do.
 */
export function alertFor(
  frame: ServerFrame,
  known: InboxConversation | null,
  me: string | null,
  watching: (conversationId: string) => boolean,
): Alert | null {
  if (frame.type !== 'message' || frame.message.author.kind !== 'visitor') return null;
  if (watching(frame.conversationId)) return null;
  if (known && known.assignee !== null && known.assignee.id !== me) return null;
  const fresh = !known || frame.message.seq === 1;
  const who = known?.userId ?? 'A visitor';
  const text = frame.message.text.length > 140 ? `${frame.message.text.slice(0, 139)}…` : frame.message.text;
  return { conversationId: frame.conversationId, title: fresh ? `New conversation — ${who}` : `New message — ${who}`, body: text };
}
