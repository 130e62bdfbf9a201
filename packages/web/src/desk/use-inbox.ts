import type { ServerFrame } from '@parley/protocol';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type Gql, nodes } from '../console/api.js';
import type { InboxConversationDocument, InboxDocument, MarkReadDocument } from '../generated/graphql.js';
import { type InboxConversation, type OperatorRef, toInbox } from './desk-types.js';
import { applyFrame } from './inbox-frames.js';
import { OperatorSocket, type SocketState } from './operator-socket.js';

export type StatusFilter = 'OPEN' | 'CLOSED';
export type AssigneeView = 'ALL' | 'MINE' | 'UNASSIGNED';
type FrameListener = (frame: ServerFrame) => void;

// The list and one conversation read the same fields: toInbox() takes either.
const INBOX_QUERY = `query Inbox($status: ConversationStatus, $assignee: InboxAssignee, $search: String) {
  viewer { operator { id displayName } }
  projects(first: 100) { edges { node { id name } } }
  inbox(status: $status, assignee: $assignee, search: $search, first: 100) { edges { node {
    id projectId status lastSeq updatedAt unreadCount lastReadSeq assignee { id displayName }
    visitor { authenticated userId extId erased } messages(last: 1) { edges { node { text author { kind } } } } } } }
}` as InboxDocument;

const ONE_CONVERSATION = `query InboxConversation($id: ID!) { conversation(id: $id) {
  id projectId status lastSeq updatedAt unreadCount lastReadSeq assignee { id displayName }
  visitor { authenticated userId extId erased } messages(last: 1) { edges { node { text author { kind } } } } } }` as InboxConversationDocument;

const MARK_READ =
  'mutation MarkRead($id: ID!, $seq: Int!) { conversationMarkRead(input: { conversationId: $id, seq: $seq }) { conversation { id } } }' as MarkReadDocument;

/** The live inbox: one list across every project the operator sees, kept current by the realtime channel. */
export function useInbox(gql: Gql, bearer: string, onSignedOut: () => void) {
  const [me, setMe] = useState<OperatorRef | null>(null);
  const [projects, setProjects] = useState(new Map<string, string>());
  const [conversations, setConversations] = useState(new Map<string, InboxConversation>());
  const [filter, setFilter] = useState<StatusFilter>('OPEN');
  const [view, setView] = useState<AssigneeView>('ALL');
  /** Words to search for; the list then shows what the server found, in its order. */
  const [search, setSearch] = useState('');
  const [results, setResults] = useState<string[] | null>(null);
  const [socketState, setSocketState] = useState<SocketState>('connecting');
  const [error, setError] = useState<string | null>(null);
  /** Counts the channel's catch-ups (each reconnection, each `resync`): views reload what the gap may have missed. */
  const [generation, setGeneration] = useState(0);
  const listeners = useRef(new Set<FrameListener>());
  const socket = useRef<OperatorSocket | null>(null);
  const meRef = useRef<string | null>(null);
  meRef.current = me?.id ?? null;

  /** The latest map, for updates that must see the one before them in the same tick (frames arrive in bursts). */
  const latest = useRef(conversations);
  const update = useCallback((change: (current: Map<string, InboxConversation>) => Map<string, InboxConversation>) => {
    latest.current = change(latest.current);
    setConversations(latest.current);
  }, []);
  const upsert = useCallback(
    (conversation: InboxConversation) => update((current) => new Map(current).set(conversation.id, conversation)),
    [update],
  );

  /** Conversations being read: a burst of frames for one reads it once. */
  const fetching = useRef(new Set<string>());
  const fetchOne = useCallback(
    async (id: string) => {
      if (fetching.current.has(id)) return;
      fetching.current.add(id);
      try {
        const data = await gql(ONE_CONVERSATION, { id });
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
      const searching = /[\p{L}\p{N}]/u.test(search);
      const data = await gql(INBOX_QUERY, { status: filter, assignee: view, search: searching ? search : null });
      setMe(data.viewer.operator);
      setProjects(new Map(nodes(data.projects).map((project) => [project.id, project.name])));
      // Merged, not replaced: the conversation on screen stays known whichever list is shown.
      const loaded = nodes(data.inbox).map(toInbox);
      setResults(searching ? loaded.map((conversation) => conversation.id) : null);
      update((current) => {
        const next = new Map(current);
        for (const conversation of loaded) next.set(conversation.id, conversation);
        return next;
      });
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [gql, filter, view, search, update]);

  useEffect(() => {
    void load();
  }, [load, generation]);

  useEffect(() => {
    const onFrame = (frame: ServerFrame) => {
      const outcome = applyFrame(latest.current, frame, meRef.current);
      update(() => outcome.conversations);
      if (outcome.refetch !== null) void fetchOne(outcome.refetch).catch(() => undefined);
      for (const listener of listeners.current) listener(frame);
    };
    const onCatchUp = () => setGeneration((count) => count + 1);
    const channel = new OperatorSocket({ bearer, onFrame, onState: setSocketState, onSignedOut, onCatchUp });
    socket.current = channel;
    return () => channel.close();
  }, [bearer, fetchOne, onSignedOut, update]);

  /** Sends a frame on the channel; false while it is not live. */
  const send = useCallback((frame: Record<string, unknown>) => socket.current?.send(frame) ?? false, []);

  /** Tells the server this operator read the conversation up to `seq` (kept there: every device of theirs follows). */
  const markRead = useCallback(
    (id: string, seq: number) => {
      const known = latest.current.get(id);
      if (!known || seq <= known.lastReadSeq) return;
      if (!send({ type: 'read', conversationId: id, seq }))
        void gql(MARK_READ, { id, seq })
          .then(() => fetchOne(id))
          .catch(() => undefined);
    },
    [send, gql, fetchOne],
  );

  /** Calls `listener` with every frame of the channel until the returned function is called. */
  const onFrame = useCallback((listener: FrameListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const visible = useMemo(
    () =>
      (results ? results.flatMap((id) => conversations.get(id) ?? []) : [...conversations.values()])
        .filter((conversation) => conversation.status === filter)
        .filter((conversation) =>
          view === 'MINE' ? conversation.assignee?.id === me?.id : view === 'UNASSIGNED' ? conversation.assignee === null : true,
        )
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    [conversations, filter, view, me, results],
  );

  /** Unread messages in open conversations, whatever list is shown: the tab title and the top bar count them. */
  const totalUnread = useMemo(
    () => [...conversations.values()].reduce((sum, conversation) => sum + (conversation.status === 'OPEN' ? conversation.unread : 0), 0),
    [conversations],
  );

  return {
    me,
    /** The operator renamed themselves (viewerUpdate). */
    setMe,
    projects,
    conversations: visible,
    get: (id: string) => conversations.get(id) ?? null,
    filter,
    setFilter,
    view,
    setView,
    search,
    setSearch,
    searching: results !== null,
    socketState,
    error,
    reload: load,
    totalUnread,
    markRead,
    send,
    onFrame,
    upsert,
    /** Changes after each reconnection and each `resync`: views reload what they show. */
    generation,
  };
}

export type Inbox = ReturnType<typeof useInbox>;
