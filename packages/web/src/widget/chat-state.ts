import type { AuthorKind } from '@parley/protocol';
import type { MessageEvent } from '@parley/sdk';

/** One line of the message list: a stored message, or one of this page's not yet acknowledged. */
export interface ChatItem {
  key: string;
  author: AuthorKind;
  /** An agent's display name, when the project shows them. */
  authorName?: string;
  text: string;
  createdAt: string;
  /** Stored messages only; pending ones sort after them. */
  seq: number | null;
  state: 'sent' | 'sending' | 'failed';
  /** Sent under a verified session (the per-message padlock). */
  verified: boolean;
  /** A pending item's stored id once acknowledged: it gives way to the stored copy. */
  messageId?: string;
}

/** The stored messages of the current conversation (by seq) followed by this page's pending ones (in send order). */
export function visibleItems(stored: Map<string, ChatItem[]>, conversationId: string | null, pending: ChatItem[]): ChatItem[] {
  const current = conversationId === null ? [] : (stored.get(conversationId) ?? []);
  const shown = new Set(current.map((item) => item.key));
  return [...current, ...pending.filter((item) => item.messageId === undefined || !shown.has(item.messageId))];
}

/** Adds a delivered message (the SDK delivers each once, in seq order per conversation). */
export function withMessage(stored: Map<string, ChatItem[]>, event: MessageEvent): Map<string, ChatItem[]> {
  const { conversationId, message } = event;
  const next = new Map(stored);
  const item: ChatItem = {
    key: message.id,
    author: message.author.kind,
    ...(message.author.name ? { authorName: message.author.name } : {}),
    text: message.text,
    createdAt: message.createdAt,
    seq: message.seq,
    state: 'sent',
    verified: message.verified,
  };
  next.set(conversationId, [...(stored.get(conversationId) ?? []), item]);
  return next;
}

/** A message's time of day for `locale` (the widget's: 14:05 in French, 2:05 PM in US English). */
export const formatTime = (iso: string, locale?: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return date.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  } catch {
    // A tag the page wrote that the browser refuses (RangeError): the browser's own format.
    return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  }
};
