import { useEffect, useRef, useState } from 'preact/hooks';
import type { Gql } from '../console/api.js';
import { Markdown } from '../widget/Markdown.js';
import { SystemText } from '../widget/SystemText.js';
import type { DeskMessage } from './desk-types.js';
import { Padlock } from './Padlock.js';
import { ReplyComposer } from './ReplyComposer.js';
import { useConversation } from './use-conversation.js';
import type { Inbox } from './use-inbox.js';
import { VisitorLabel } from './VisitorLabel.js';
import { VisitorPanel } from './VisitorPanel.js';

const time = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { hour: '2-digit', minute: '2-digit', month: 'short', day: 'numeric' });

function MessageRow({ message }: { message: DeskMessage }) {
  if (message.author.kind === 'SYSTEM')
    return (
      <li class="system-line">
        <SystemText text={message.text} />
      </li>
    );
  const fromVisitor = message.author.kind === 'VISITOR';
  return (
    <li class={`desk-message ${fromVisitor ? 'visitor' : 'agent'}`}>
      <div class="meta">
        {fromVisitor ? 'Visitor' : 'Agent'}
        {message.verified && <Padlock title="Sent under a verified session" />}
        <span class="muted"> · {time(message.createdAt)}</span>
      </div>
      <div class={`bubble ${fromVisitor ? 'visitor' : 'agent'}`}>
        <Markdown text={message.text} plain={fromVisitor} />
      </div>
    </li>
  );
}

let clientIds = 0;

/** The open conversation: history (with "Load earlier"), live messages, visitor typing, reply and close. */
export function ConversationView({ gql, inbox, id, onBack }: { gql: Gql; inbox: Inbox; id: string; onBack(): void }) {
  const summary = inbox.get(id);
  const conversation = useConversation(gql, inbox, id, `${summary?.authenticated}:${summary?.userId}`);
  const list = useRef<HTMLOListElement>(null);
  const [closing, setClosing] = useState(false);
  const last = conversation.messages.at(-1);

  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
    if (last) inbox.markSeen(id, last.seq);
  }, [last?.id, id]);

  const close = async () => {
    setClosing(true);
    try {
      const data = await gql<{ conversationClose: { conversation: { id: string; status: 'CLOSED' } } }>(
        'mutation($id: ID!) { conversationClose(input: { conversationId: $id }) { conversation { id status } } }',
        { id },
      );
      if (summary) inbox.upsert({ ...summary, status: data.conversationClose.conversation.status });
    } catch (failure) {
      conversation.setError((failure as Error).message);
    } finally {
      setClosing(false);
    }
  };

  return (
    <section class="conversation" aria-label="Conversation">
      <header class="conversation-head">
        <button type="button" class="link back" onClick={onBack}>
          ← Inbox
        </button>
        <h2>
          {summary?.authenticated && <Padlock />}
          {summary ? <VisitorLabel visitor={summary} /> : 'Conversation'}
        </h2>
        <span class={`pill ${summary?.status === 'OPEN' ? 'ok' : 'plain'}`}>{summary?.status === 'OPEN' ? 'Open' : 'Closed'}</span>
        <span class="spacer" />
        {summary?.status === 'OPEN' && (
          <button type="button" class="danger" onClick={close} disabled={closing}>
            Close conversation
          </button>
        )}
      </header>
      <div class="conversation-body">
        <div class="thread">
          {conversation.error && (
            <p class="error" role="alert">
              {conversation.error}
            </p>
          )}
          <ol class="messages" ref={list} aria-live="polite" aria-label="Messages">
            {conversation.hasEarlier && (
              <li class="earlier">
                <button type="button" onClick={conversation.loadEarlier}>
                  Load earlier messages
                </button>
              </li>
            )}
            {conversation.messages.map((message) => (
              <MessageRow key={message.id} message={message} />
            ))}
            {conversation.visitorTyping && <li class="typing-line">The visitor is typing…</li>}
          </ol>
          {summary?.status === 'OPEN' ? (
            <ReplyComposer
              onSend={(text) => inbox.send({ type: 'send', conversationId: id, clientId: `desk-${Date.now()}-${++clientIds}`, text })}
              onTyping={(typing) => inbox.send({ type: 'typing', conversationId: id, typing })}
            />
          ) : (
            <p class="closed-note muted">This conversation is closed. The visitor starts a new one by writing again.</p>
          )}
        </div>
        <VisitorPanel visitor={conversation.visitor} />
      </div>
    </section>
  );
}
