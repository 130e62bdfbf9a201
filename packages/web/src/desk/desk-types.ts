import type { InboxQuery } from '../generated/graphql.js';
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
  /** The visitor's data was erased at their request. */
  erased: boolean;
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
  erased: boolean;
  userId: string | null;
  extId: string | null;
  visitorData: Record<string, string | null> | null;
}

type AuthorKind = DeskMessage['author']['kind'];

/** A conversation as the inbox's documents read it (use-inbox.ts: the list, and one conversation again). */
export type InboxNode = InboxQuery['inbox']['edges'][number]['node'];

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
    erased: node.visitor.erased,
    preview: last ? previewOf(last.text, last.author.kind) : '',
    previewIsSystem: last?.author.kind === 'SYSTEM',
    assignee: node.assignee,
    unread: node.unreadCount ?? 0,
    lastReadSeq: node.lastReadSeq ?? 0,
  };
};
