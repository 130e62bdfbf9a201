import type { AuthenticationStatus, MessageEvent, Parley, TypingEvent } from '@parley/sdk';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ChatItem, visibleItems, withMessage } from './chat-state.js';

/** How long "Agent is typing" stays without a new typing frame. */
const TYPING_TIMEOUT_MS = 6000;

export interface Chat {
  status: AuthenticationStatus;
  items: ChatItem[];
  agentTyping: boolean;
  /** Agent and system messages that arrived while the panel was closed. */
  unread: number;
  send(text: string): void;
  retry(key: string): void;
  typing(active: boolean): void;
}

/** The widget's view of the SDK: statuses, the current conversation's messages, pending sends, typing, unread. */
export function useChat(sdk: Parley, open: boolean): Chat {
  const [status, setStatus] = useState<AuthenticationStatus>(sdk.get('visitor:authenticationStatus'));
  const [conversationId, setConversationId] = useState<string | null>(sdk.get('conversation:id'));
  const [stored, setStored] = useState(new Map<string, ChatItem[]>());
  const [pending, setPending] = useState<ChatItem[]>([]);
  const [agentTyping, setAgentTyping] = useState(false);
  const [unread, setUnread] = useState(0);
  const openRef = useRef(open);
  openRef.current = open;
  const typingTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const lastSeq = useRef(0);

  useEffect(() => {
    const onStatus = (value: unknown) => {
      setStatus(value as AuthenticationStatus);
      // A logout takes the history off this page at once (SPEC §6).
      if (value === null) {
        setStored(new Map());
        setPending([]);
        setUnread(0);
      }
    };
    const onConversation = (value: unknown) => setConversationId(value as string | null);
    const onMessage = (value: unknown) => {
      const event = value as MessageEvent;
      setStored((current) => withMessage(current, event));
      lastSeq.current = event.message.seq;
      if (event.message.author.kind === 'agent') setAgentTyping(false);
      if (event.message.author.kind !== 'visitor') {
        if (openRef.current) sdk.markRead(event.message.seq);
        else setUnread((count) => count + 1);
      }
    };
    const onTyping = (value: unknown) => {
      const event = value as TypingEvent;
      if (event.author.kind !== 'agent') return;
      clearTimeout(typingTimer.current);
      setAgentTyping(event.typing);
      if (event.typing) typingTimer.current = setTimeout(() => setAgentTyping(false), TYPING_TIMEOUT_MS);
    };
    sdk.on('visitor:authenticationStatusChange', onStatus);
    sdk.on('conversation:idChange', onConversation);
    sdk.on('message', onMessage);
    sdk.on('typing', onTyping);
    return () => {
      sdk.off('visitor:authenticationStatusChange', onStatus);
      sdk.off('conversation:idChange', onConversation);
      sdk.off('message', onMessage);
      sdk.off('typing', onTyping);
      clearTimeout(typingTimer.current);
    };
  }, [sdk]);

  useEffect(() => {
    if (!open) return;
    setUnread(0);
    if (lastSeq.current > 0) sdk.markRead(lastSeq.current);
  }, [open, sdk]);

  const transmit = useCallback(
    (item: ChatItem) => {
      setPending((current) => [...current.filter((other) => other.key !== item.key), { ...item, state: 'sending' }]);
      sdk.sendMessage(item.text).then(
        // The stored copy arrives as a message event (or already has) and takes the pending one's place.
        (sent) =>
          setPending((current) => current.map((other) => (other.key === item.key ? { ...other, messageId: sent.messageId } : other))),
        () => setPending((current) => current.map((other) => (other.key === item.key ? { ...other, state: 'failed' } : other))),
      );
    },
    [sdk],
  );

  const send = useCallback(
    (text: string) => {
      const key = `local-${Date.now()}-${Math.random().toString(36).slice(2)}`;
      transmit({ key, author: 'visitor', text, createdAt: new Date().toISOString(), seq: null, state: 'sending', verified: false });
    },
    [transmit],
  );

  const retry = useCallback(
    (key: string) => {
      const item = pending.find((candidate) => candidate.key === key);
      if (item) transmit(item);
    },
    [pending, transmit],
  );

  return {
    status,
    items: visibleItems(stored, conversationId, pending),
    agentTyping,
    unread,
    send,
    retry,
    typing: (active) => sdk.setTyping(active),
  };
}
