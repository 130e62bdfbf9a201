import type { ServerFrame } from '@parley/protocol';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Gql, nodes } from '../console/api.js';
import type { ConversationMessagesDocument, ConversationVisitorDocument } from '../generated/graphql.js';
import type { DeskMessage, VisitorDetails } from './desk-types.js';
import type { Inbox } from './use-inbox.js';

/** Pages read backwards at most to close a gap after a reconnection (past it, "Load earlier messages" does). */
const MAX_GAP_PAGES = 20;

/** A page of 30 messages, the latest or those before `$before`. */
const MESSAGES = `query ConversationMessages($id: ID!, $before: String) { conversation(id: $id) {
  messages(last: 30, before: $before) { edges { node { id seq author { kind id name } text createdAt verified } } pageInfo { hasPreviousPage startCursor } } } }` as ConversationMessagesDocument;

const VISITOR = `query ConversationVisitor($id: ID!) { conversation(id: $id) { visitor {
  authenticated erased userId extId visitorData { firstName lastName email phoneNumber address zipCode city country } } } }` as ConversationVisitorDocument;

const AUTHOR_KINDS = { visitor: 'VISITOR', agent: 'AGENT', system: 'SYSTEM' } as const;

/** Adds messages by id, in seq order (a live frame and a page may carry the same one). */
const merge = (current: DeskMessage[], more: DeskMessage[]) => {
  const byId = new Map(current.map((message) => [message.id, message]));
  for (const message of more) byId.set(message.id, message);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
};

/** One conversation in the desk: its visitor, its history (paged backwards) and its live messages and typing. */
export function useConversation(gql: Gql, inbox: Inbox, id: string, identity: string) {
  const [messages, setMessages] = useState<DeskMessage[]>([]);
  const [visitor, setVisitor] = useState<VisitorDetails | null>(null);
  const [earlier, setEarlier] = useState<string | null>(null);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The highest seq shown, read when a reload must reach back to it; and which conversation has been loaded once. */
  const shownUpTo = useRef(0);
  shownUpTo.current = messages.at(-1)?.seq ?? 0;
  const loadedOnce = useRef<string | null>(null);
  /** The visitor identity the messages were read under: an erasure rewrites them, so they are read afresh. */
  const readAs = useRef(identity);

  useEffect(() => {
    setMessages([]);
    setVisitor(null);
    setError(null);
  }, [id]);

  useEffect(() => {
    if (readAs.current !== identity) {
      readAs.current = identity;
      loadedOnce.current = null;
      setMessages([]);
    }
    const known = loadedOnce.current === id ? shownUpTo.current : 0;
    const page = (before: string | null) => gql(MESSAGES, { id, before }).then(({ conversation }) => conversation.messages);
    (async () => {
      let latest = await page(null);
      let loaded = nodes(latest);
      // After a reconnection or a `resync`, more than a page may have been written: read back to what is shown, so no hole is left.
      for (let pages = 1; known > 0 && pages < MAX_GAP_PAGES && latest.pageInfo.hasPreviousPage; pages++) {
        if ((loaded[0]?.seq ?? 0) <= known + 1) break;
        latest = await page(latest.pageInfo.startCursor);
        loaded = [...nodes(latest), ...loaded];
      }
      setMessages((current) => merge(current, loaded));
      loadedOnce.current = id;
      if (known === 0) setEarlier(latest.pageInfo.hasPreviousPage ? latest.pageInfo.startCursor : null);
    })().catch((failure: Error) => setError(failure.message));
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = inbox.onFrame((frame: ServerFrame) => {
      if (frame.type === 'message' && frame.conversationId === id) {
        const { message } = frame;
        const kind = AUTHOR_KINDS[message.author.kind];
        setMessages((current) => merge(current, [{ ...message, author: { kind, id: message.author.id } }]));
        if (kind === 'VISITOR') setVisitorTyping(false);
      } else if (frame.type === 'typing' && frame.conversationId === id && frame.author.kind === 'visitor') {
        clearTimeout(typingTimer);
        setVisitorTyping(frame.typing);
        if (frame.typing) typingTimer = setTimeout(() => setVisitorTyping(false), 6000);
      }
    });
    return () => {
      stop();
      clearTimeout(typingTimer);
    };
    // After a reconnection or a `resync` the latest pages are read again (merged by id), so nothing sent during the gap is
    // missing; after the visitor's identity changed (a sign-in, an erasure) they are read from scratch.
  }, [gql, inbox.onFrame, id, inbox.generation, identity]);

  // A sign-in moves the conversation to the user: read the visitor again when the inbox sees the identity change.
  useEffect(() => {
    gql(VISITOR, { id }).then(
      ({ conversation }) => setVisitor(conversation.visitor),
      () => undefined,
    );
  }, [gql, id, identity]);

  const loadEarlier = useCallback(async () => {
    if (!earlier) return;
    try {
      const { conversation } = await gql(MESSAGES, { id, before: earlier });
      setMessages((current) => merge(current, nodes(conversation.messages)));
      setEarlier(conversation.messages.pageInfo.hasPreviousPage ? conversation.messages.pageInfo.startCursor : null);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }, [gql, id, earlier]);

  return { messages, visitor, hasEarlier: earlier !== null, loadEarlier, visitorTyping, error, setError };
}
