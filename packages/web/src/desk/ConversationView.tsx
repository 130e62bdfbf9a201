import { useEffect, useRef, useState } from 'preact/hooks';
import type { Gql } from '../console/api.js';
import { ConfirmButton } from '../console/ConfirmButton.js';
import type { ConversationCloseDocument, ConversationReopenDocument } from '../generated/graphql.js';
import { initials } from '../widget/initials.js';
import { Markdown } from '../widget/Markdown.js';
import { SystemText } from '../widget/SystemText.js';
import { AssigneePicker } from './AssigneePicker.js';
import { useCannedReplies } from './CannedPicker.js';
import type { DeskMessage } from './desk-types.js';
import { Padlock } from './Padlock.js';
import { ReplyComposer } from './ReplyComposer.js';
import { TranscriptExport } from './TranscriptExport.js';
import { useConversation } from './use-conversation.js';
import type { Inbox } from './use-inbox.js';
import { VisitorLabel } from './VisitorLabel.js';
import { VisitorPanel } from './VisitorPanel.js';

const time = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { hour: '2-digit', minute: '2-digit', month: 'short', day: 'numeric' });

function MessageRow({ message, names }: { message: DeskMessage; names: Map<string, string> }) {
  if (message.author.kind === 'SYSTEM')
    return (
      <li class="system-line">
        <SystemText text={message.text} />
      </li>
    );
  const fromVisitor = message.author.kind === 'VISITOR';
  const agentName = fromVisitor ? null : (message.author.name ?? names.get(message.author.id ?? '') ?? 'Agent');
  return (
    <li class={`desk-message ${fromVisitor ? 'visitor' : 'agent'}`}>
      <div class="meta">
        {agentName === null ? (
          'Visitor'
        ) : (
          <>
            <span class="avatar" aria-hidden="true">
              {initials(agentName)}
            </span>
            {agentName}
          </>
        )}
        {message.verified && <Padlock title="Sent under a verified session" />}
        <span class="muted"> · {time(message.createdAt)}</span>
      </div>
      <div class={`bubble ${fromVisitor ? 'visitor' : 'agent'}`}>
        <Markdown text={message.text} plain={fromVisitor} />
      </div>
    </li>
  );
}

const CLOSE =
  'mutation ConversationClose($id: ID!) { conversationClose(input: { conversationId: $id }) { conversation { status } } }' as ConversationCloseDocument;
const REOPEN =
  'mutation ConversationReopen($id: ID!) { conversationReopen(input: { conversationId: $id }) { conversation { status } } }' as ConversationReopenDocument;

let clientIds = 0;

/** The open conversation: history (with "Load earlier"), live messages, visitor typing, reply and close. */
export function ConversationView({ gql, inbox, id, onBack }: { gql: Gql; inbox: Inbox; id: string; onBack(): void }) {
  const summary = inbox.get(id);
  const conversation = useConversation(gql, inbox, id, `${summary?.authenticated}:${summary?.userId}`);
  const list = useRef<HTMLOListElement>(null);
  const [changing, setChanging] = useState(false);
  /** On a phone the visitor's details sit behind a button, so the thread keeps the screen. */
  const [visitorShown, setVisitorShown] = useState(false);
  const cannedReplies = useCannedReplies(gql, summary?.projectId ?? null);
  const last = conversation.messages.at(-1);

  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
    if (last) inbox.markRead(id, last.seq);
  }, [last?.id, id]);

  /** Closes or reopens; the inbox follows from the answer (and every other desk from the live frame). */
  const setStatus = async (mutation: 'conversationClose' | 'conversationReopen') => {
    setChanging(true);
    try {
      const { status } = (
        mutation === 'conversationClose' ? (await gql(CLOSE, { id })).conversationClose : (await gql(REOPEN, { id })).conversationReopen
      ).conversation;
      if (summary) inbox.upsert({ ...summary, status });
    } catch (failure) {
      conversation.setError((failure as Error).message);
    } finally {
      setChanging(false);
    }
  };

  // Names of agents for live messages (a page of history carries them itself).
  const names = new Map<string, string>();
  if (inbox.me) names.set(inbox.me.id, inbox.me.displayName);
  if (summary?.assignee) names.set(summary.assignee.id, summary.assignee.displayName);

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
        <button type="button" class="small visitor-toggle" aria-expanded={visitorShown} onClick={() => setVisitorShown(!visitorShown)}>
          Visitor
        </button>
        <TranscriptExport gql={gql} id={id} onError={conversation.setError} />
        {summary && (
          <AssigneePicker gql={gql} conversation={summary} me={inbox.me} onAssigned={inbox.upsert} onError={conversation.setError} />
        )}
        {summary?.status === 'OPEN' ? (
          <ConfirmButton
            label="Close conversation"
            question="Close it? The visitor's next message starts a new one."
            confirmLabel="Close"
            busy={changing}
            onConfirm={() => void setStatus('conversationClose')}
          />
        ) : (
          summary && (
            <button type="button" class="small" disabled={changing} onClick={() => void setStatus('conversationReopen')}>
              Reopen
            </button>
          )
        )}
      </header>
      <div class={`conversation-body${visitorShown ? ' visitor-shown' : ''}`}>
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
              <MessageRow key={message.id} message={message} names={names} />
            ))}
            {conversation.visitorTyping && <li class="typing-line">The visitor is typing…</li>}
          </ol>
          {summary?.status === 'OPEN' ? (
            <ReplyComposer
              cannedReplies={cannedReplies}
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
