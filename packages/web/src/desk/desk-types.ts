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
  messages(last: 1) { edges { node { text } } }`;

export interface InboxNode {
  id: string;
  projectId: string;
  status: 'OPEN' | 'CLOSED';
  lastSeq: number;
  updatedAt: string;
  visitor: { authenticated: boolean; userId: string | null; extId: string | null };
  messages: { edges: { node: { text: string } }[] };
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
});

/** How the desk names a visitor: the verified userId, or an unverified extId, or "Anonymous visitor". */
export const visitorLabel = (visitor: { authenticated: boolean; userId: string | null; extId: string | null }): string =>
  visitor.authenticated && visitor.userId ? visitor.userId : visitor.extId ? `${visitor.extId} (unverified)` : 'Anonymous visitor';
