import { plainPreview } from './plain-text.js';

export interface OperatorRef {
  id: string;
  displayName: string;
}

/** A conversation as the inbox lists it. */
export interface InboxConversation {
  id: string;
  projectId: string;
  status: 'OPEN' | 'CLOSED';
  lastSeq: number;
  updatedAt: string;
  authenticated: boolean;
  userId: string | null;
  extId: string | null;
  /** The last message as one line of plain text. */
  preview: string;
  /** The preview is a system line (its userId is shown as an isolate). */
  previewIsSystem: boolean;
  assignee: OperatorRef | null;
  /** Kept by the server for this operator: the same on each of their devices. */
  unread: number;
  lastReadSeq: number;
}

export interface DeskMessage {
  id: string;
  seq: number;
  /** `name`: an agent's display name. */
  author: { kind: 'VISITOR' | 'AGENT' | 'SYSTEM'; id: string | null; name?: string | null };
  text: string;
  createdAt: string;
  verified: boolean;
}

export interface VisitorDetails {
  authenticated: boolean;
  userId: string | null;
  extId: string | null;
  visitorData: Record<string, string | null> | null;
}

export const INBOX_FIELDS = `id projectId status lastSeq updatedAt unreadCount lastReadSeq assignee { id displayName }
  visitor { authenticated userId extId } messages(last: 1) { edges { node { text author { kind } } } }`;

type AuthorKind = DeskMessage['author']['kind'];

export interface InboxNode {
  id: string;
  projectId: string;
  status: 'OPEN' | 'CLOSED';
  lastSeq: number;
  updatedAt: string;
  unreadCount: number | null;
  lastReadSeq: number | null;
  assignee: OperatorRef | null;
  visitor: { authenticated: boolean; userId: string | null; extId: string | null };
  messages: { edges: { node: { text: string; author: { kind: AuthorKind } } }[] };
}

/** The preview of a message: plain text, an agent's markdown flattened. */
export const previewOf = (text: string, kind: AuthorKind) => plainPreview(text, kind === 'AGENT');

export const toInbox = (node: InboxNode): InboxConversation => {
  const last = node.messages.edges[0]?.node;
  return {
    id: node.id,
    projectId: node.projectId,
    status: node.status,
    lastSeq: node.lastSeq,
    updatedAt: node.updatedAt,
    authenticated: node.visitor.authenticated,
    userId: node.visitor.userId,
    extId: node.visitor.extId,
    preview: last ? previewOf(last.text, last.author.kind) : '',
    previewIsSystem: last?.author.kind === 'SYSTEM',
    assignee: node.assignee,
    unread: node.unreadCount ?? 0,
    lastReadSeq: node.lastReadSeq ?? 0,
  };
};
