import type { MessageEvent, Parley, SentMessage } from '@parley/sdk';
import { ExternalStore } from './external-store.js';

/** A stored message as the server sent it. */
export type Message = MessageEvent['message'];

/** A message this page sent whose stored copy has not arrived yet. */
export interface OutgoingMessage {
  /** Unique on this page (a React key). */
  key: string;
  text: string;
}

/** What useConversation() answers: the same object until something in it changes. */
export interface Conversation {
  /** `conversation:id`: null until the visitor's first message is stored or an open conversation is resumed. */
  id: string | null;
  /**
   * The conversation's messages in sequence order, the visitor's own included: its history after each activation,
   * then live.
   */
  messages: readonly Message[];
  /** This page's messages on their way, oldest first; each leaves once its stored copy is in `messages` or it fails. */
  sending: readonly OutgoingMessage[];
  /**
   * `parley.sendMessage(text)`: resolves once the server has stored the message; rejects as the SDK does (an invalid
   * text, a logout before it was acknowledged, …), and the message then leaves `sending`.
   */
  send(text: string): Promise<SentMessage>;
}

const NONE: readonly never[] = [];

export function conversationStore(parley: Parley): ExternalStore<Conversation> {
  const received = new Map<string, readonly Message[]>();
  /** Acknowledged messages still in `sending` (key → message id) until their stored copy arrives. */
  const acknowledged = new Map<string, string>();
  let sending: readonly OutgoingMessage[] = NONE;
  let sent = 0;

  const publish = () =>
    store.update((state) => {
      const id = parley.get('conversation:id');
      const messages = (id === null ? undefined : received.get(id)) ?? NONE;
      return id === state.id && messages === state.messages && sending === state.sending ? state : { id, messages, sending, send };
    });

  const settle = (key: string) => {
    acknowledged.delete(key);
    sending = sending.filter((message) => message.key !== key);
  };

  function send(text: string): Promise<SentMessage> {
    const key = `out-${++sent}`;
    sending = [...sending, { key, text }];
    publish();
    return parley.sendMessage(text).then(
      (message) => {
        // Its stored copy may come before or after the acknowledgement.
        if (received.get(message.conversationId)?.some((stored) => stored.id === message.messageId)) settle(key);
        else acknowledged.set(key, message.messageId);
        publish();
        return message;
      },
      (error: unknown) => {
        settle(key);
        publish();
        throw error;
      },
    );
  }

  const store = new ExternalStore<Conversation>({ id: parley.get('conversation:id'), messages: NONE, sending, send });

  parley.on('message', (value) => {
    const { conversationId, message } = value as MessageEvent;
    // The SDK delivers each message once, in sequence order.
    received.set(conversationId, [...(received.get(conversationId) ?? NONE), message]);
    for (const [key, id] of acknowledged) if (id === message.id) settle(key);
    publish();
  });
  const ended = (value: unknown) => {
    // A logout, a close or another visitor: nothing of the previous one stays on screen.
    if (value === null) received.clear();
    publish();
  };
  parley.on('conversation:idChange', ended);
  parley.on('visitor:authenticationStatusChange', ended);
  return store;
}
