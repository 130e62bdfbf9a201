import type { AuthenticationStatus, MessageEvent, Parley, TypingEvent } from '@parley/sdk';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type ChatItem, visibleItems, withMessage } from './chat-state.js';
import { browserStorage, forgetReadMarks, readUpTo, rememberRead } from './read-marks.js';

/** How long "Agent is typing" stays without a new typing frame. */
const TYPING_TIMEOUT_MS = 6000;

const DROPPED_FOR_GOOD = new Set(['LOGGED_OUT', 'IDENTITY_CHANGED']);

function markRead(sdk: Parley, conversationId: string, seq: number): void {
  sdk.markRead(seq);
  rememberRead(browserStorage(), conversationId, seq);
}

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
  const last = useRef<{ conversationId: string; seq: number } | null>(null);

  useEffect(() => {
    /** Nothing of a previous visitor or conversation stays on screen, pending messages included, nor in storage. */
    const reset = () => {
      setStored(new Map());
      setPending([]);
      setUnread(0);
      last.current = null;
      forgetReadMarks(browserStorage());
    };
    const onStatus = (value: unknown) => {
      setStatus(value as AuthenticationStatus);
      // A logout takes the history off this page at once (spec §6.4).
      if (value === null) reset();
    };
    const onConversation = (value: unknown) => {
      setConversationId(value as string | null);
      // null: the visitor changed (another user, another anonymous visitor); otherwise acknowledged sends stay with
      // the conversation they went to.
      if (value === null) reset();
      else setPending((current) => current.filter((item) => item.messageId === undefined));
    };
    const onMessage = (value: unknown) => {
      const event = value as MessageEvent;
      const { conversationId, message } = event;
      setStored((current) => withMessage(current, event));
      last.current = { conversationId, seq: message.seq };
      if (message.author.kind === 'agent') setAgentTyping(false);
      if (message.author.kind === 'visitor') return;
      if (openRef.current) markRead(sdk, conversationId, message.seq);
      // The history replays on every page load: only what came after the last read counts.
      else if (message.seq > readUpTo(browserStorage(), conversationId)) setUnread((count) => count + 1);
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
    if (last.current) markRead(sdk, last.current.conversationId, last.current.seq);
  }, [open, sdk]);

  const transmit = useCallback(
    (item: ChatItem) => {
      setPending((current) => [...current.filter((other) => other.key !== item.key), { ...item, state: 'sending' }]);
      sdk.sendMessage(item.text).then(
        // The stored copy arrives as a message event (or already has) and takes the pending one's place.
        (sent) =>
          setPending((current) => current.map((other) => (other.key === item.key ? { ...other, messageId: sent.messageId } : other))),
        (error: unknown) =>
          setPending((current) =>
            // Dropped for a logout or another visitor: it must never be offered again under the new identity.
            DROPPED_FOR_GOOD.has((error as { code?: string }).code ?? '')
              ? current.filter((other) => other.key !== item.key)
              : current.map((other) => (other.key === item.key ? { ...other, state: 'failed' } : other)),
          ),
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
