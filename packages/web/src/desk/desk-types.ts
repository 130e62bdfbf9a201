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
  preview: string;
  /** The preview is a system line (its userId is shown as an isolate). */
  previewIsSystem: boolean;
}

export interface DeskMessage {
  id: string;
  seq: number;
  author: { kind: 'VISITOR' | 'AGENT' | 'SYSTEM'; id: string | null };
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

export const INBOX_FIELDS = `id projectId status lastSeq updatedAt visitor { authenticated userId extId }
  messages(last: 1) { edges { node { text author { kind } } } }`;

export interface InboxNode {
  id: string;
  projectId: string;
  status: 'OPEN' | 'CLOSED';
  lastSeq: number;
  updatedAt: string;
  visitor: { authenticated: boolean; userId: string | null; extId: string | null };
  messages: { edges: { node: { text: string; author: { kind: 'VISITOR' | 'AGENT' | 'SYSTEM' } } }[] };
}

export const toInbox = (node: InboxNode): InboxConversation => ({
  id: node.id,
  projectId: node.projectId,
  status: node.status,
  lastSeq: node.lastSeq,
  updatedAt: node.updatedAt,
  authenticated: node.visitor.authenticated,
  userId: node.visitor.userId,
  extId: node.visitor.extId,
  preview: node.messages.edges[0]?.node.text ?? '',
  previewIsSystem: node.messages.edges[0]?.node.author.kind === 'SYSTEM',
});
