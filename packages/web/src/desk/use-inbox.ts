import type { ServerFrame } from '@parley/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Gql, nodes } from '../console/api.js';
import { INBOX_FIELDS, type InboxConversation, type InboxNode, toInbox } from './desk-types.js';
import { OperatorSocket, type SocketState } from './operator-socket.js';

export type StatusFilter = 'OPEN' | 'CLOSED';
type FrameListener = (frame: ServerFrame) => void;

const seenKey = (email: string) => `parley:desk:seen:${email}`;

function readSeen(email: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(seenKey(email)) ?? '{}');
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

/** The live inbox: conversations of every project the operator sees, kept current by the realtime channel. */
export function useInbox(gql: Gql, bearer: string, email: string, onSignedOut: () => void) {
  const [projects, setProjects] = useState(new Map<string, string>());
  const [conversations, setConversations] = useState(new Map<string, InboxConversation>());
  const [filter, setFilter] = useState<StatusFilter>('OPEN');
  const [socketState, setSocketState] = useState<SocketState>('connecting');
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState<Record<string, number>>(() => readSeen(email));
  /** Counts the channel's catch-ups (each reconnection, each `resync`): views reload what the gap may have missed. */
  const [generation, setGeneration] = useState(0);
  const listeners = useRef(new Set<FrameListener>());
  const socket = useRef<OperatorSocket | null>(null);

  const upsert = useCallback((conversation: InboxConversation) => {
    setConversations((current) => new Map(current).set(conversation.id, conversation));
  }, []);

  /** Conversations being read: a burst of frames for a new one reads it once. */
  const fetching = useRef(new Set<string>());
  const fetchOne = useCallback(
    async (id: string) => {
      if (fetching.current.has(id)) return;
      fetching.current.add(id);
      try {
        const data = await gql<{ conversation: InboxNode }>(`query($id: ID!) { conversation(id: $id) { ${INBOX_FIELDS} } }`, { id });
        upsert(toInbox(data.conversation));
      } finally {
        fetching.current.delete(id);
      }
    },
    [gql, upsert],
  );

  const load = useCallback(async () => {
    try {
      setError(null);
      const list = await gql<{ projects: { edges: { node: { id: string; name: string } }[] } }>(
        '{ projects(first: 100) { edges { node { id name } } } }',
      );
      const found = nodes(list.projects);
      setProjects(new Map(found.map((project) => [project.id, project.name])));
      const pages = await Promise.all(
        found.map((project) =>
          gql<{ project: { conversations: { edges: { node: InboxNode }[] } } }>(
            `query($id: ID!, $status: ConversationStatus) { project(id: $id) { conversations(status: $status, first: 50) { edges { node { ${INBOX_FIELDS} } } } } }`,
            { id: project.id, status: filter },
          ),
        ),
      );
      // Merged, not replaced: the conversation on screen stays known whichever status the list shows.
      const loaded = pages.flatMap((page) => nodes(page.project.conversations)).map(toInbox);
      setConversations((current) => {
        const next = new Map(current);
        for (const conversation of loaded) next.set(conversation.id, conversation);
        return next;
      });
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [gql, filter]);

  useEffect(() => {
    void load();
  }, [load, generation]);

  useEffect(() => {
    const onFrame = (frame: ServerFrame) => {
      if (frame.type === 'conversation') {
        const { conversation } = frame;
        setConversations((current) => {
          const known = current.get(conversation.id);
          if (!known) {
            void fetchOne(conversation.id).catch(() => undefined);
            return current;
          }
          const status = conversation.status === 'open' ? 'OPEN' : 'CLOSED';
          return new Map(current).set(conversation.id, {
            ...known,
            status,
            lastSeq: conversation.lastSeq,
            authenticated: conversation.authenticated,
            userId: conversation.userId ?? null,
          });
        });
      } else if (frame.type === 'message') {
        const { conversationId, message } = frame;
        setConversations((current) => {
          const known = current.get(conversationId);
          if (!known) {
            void fetchOne(conversationId).catch(() => undefined);
            return current;
          }
          return new Map(current).set(conversationId, {
            ...known,
            lastSeq: Math.max(known.lastSeq, message.seq),
            updatedAt: message.createdAt,
            preview: message.text,
            previewIsSystem: message.author.kind === 'system',
          });
        });
      }
      for (const listener of listeners.current) listener(frame);
    };
    const onCatchUp = () => setGeneration((count) => count + 1);
    const channel = new OperatorSocket({ bearer, onFrame, onState: setSocketState, onSignedOut, onCatchUp });
    socket.current = channel;
    return () => channel.close();
  }, [bearer, fetchOne, onSignedOut]);

  const markSeen = useCallback(
    (id: string, seq: number) => {
      setSeen((current) => {
        if ((current[id] ?? 0) >= seq) return current;
        const next = { ...current, [id]: seq };
        localStorage.setItem(seenKey(email), JSON.stringify(next));
        return next;
      });
    },
    [email],
  );

  /** Sends a frame on the channel; false while it is not live. */
  const send = useCallback((frame: Record<string, unknown>) => socket.current?.send(frame) ?? false, []);

  /** Calls `listener` with every frame of the channel until the returned function is called. */
  const onFrame = useCallback((listener: FrameListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const visible = useMemo(
    () =>
      [...conversations.values()]
        .filter((conversation) => conversation.status === filter)
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    [conversations, filter],
  );

  return {
    projects,
    conversations: visible,
    get: (id: string) => conversations.get(id) ?? null,
    filter,
    setFilter,
    socketState,
    error,
    reload: load,
    unread: (conversation: InboxConversation) => Math.max(0, conversation.lastSeq - (seen[conversation.id] ?? 0)),
    markSeen,
    send,
    onFrame,
    upsert,
    /** Changes after each reconnection and each `resync`: views reload what they show. */
    generation,
  };
}

export type Inbox = ReturnType<typeof useInbox>;
