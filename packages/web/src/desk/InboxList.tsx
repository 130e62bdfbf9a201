import { useEffect, useState } from 'preact/hooks';
import { SystemText } from '../widget/SystemText.js';
import { Padlock } from './Padlock.js';
import type { AssigneeView, Inbox, StatusFilter } from './use-inbox.js';
import { VisitorLabel } from './VisitorLabel.js';

const ago = (iso: string) => {
  const minutes = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 24 * 60) return `${Math.round(minutes / 60)} h`;
  return new Date(iso).toLocaleDateString();
};

const STATE_LABEL = { live: 'Live', connecting: 'Connecting…', offline: 'Offline — reconnecting' } as const;

/** Searches as the agent types (after a pause): the verified userId, visitorData, words of messages. */
function SearchBox({ inbox }: { inbox: Inbox }) {
  const [text, setText] = useState(inbox.search);
  useEffect(() => {
    const timer = setTimeout(() => inbox.setSearch(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <div class="inbox-search">
      <input
        type="search"
        aria-label="Search conversations"
        placeholder="Search user id, details, messages…"
        maxLength={200}
        value={text}
        onInput={(event) => setText((event.currentTarget as HTMLInputElement).value)}
      />
    </div>
  );
}

const EMPTY: Record<AssigneeView, string> = {
  ALL: 'No open conversations. New ones appear here as visitors write.',
  MINE: 'No open conversation is assigned to you.',
  UNASSIGNED: 'Every open conversation has someone on it.',
};

/** The inbox column: whose (mine, unassigned, all), open/closed, connection state, conversations with unread counts and assignees. */
export function InboxList({ inbox, selected, onSelect }: { inbox: Inbox; selected: string | null; onSelect(id: string): void }) {
  const tab = (filter: StatusFilter, label: string) => (
    <button type="button" role="tab" aria-selected={inbox.filter === filter} onClick={() => inbox.setFilter(filter)}>
      {label}
    </button>
  );
  const viewTab = (view: AssigneeView, label: string) => (
    <button type="button" role="tab" aria-selected={inbox.view === view} onClick={() => inbox.setView(view)}>
      {label}
    </button>
  );
  return (
    <nav class="inbox" aria-label="Inbox">
      <SearchBox inbox={inbox} />
      <div class="tabs views" role="tablist" aria-label="Whose">
        {viewTab('MINE', 'Mine')}
        {viewTab('UNASSIGNED', 'Unassigned')}
        {viewTab('ALL', 'All')}
      </div>
      <div class="inbox-head">
        <div class="tabs" role="tablist" aria-label="Status">
          {tab('OPEN', 'Open')}
          {tab('CLOSED', 'Closed')}
        </div>
        <span class={`pill ${inbox.socketState === 'live' ? 'ok' : 'warn'}`} role="status">
          {STATE_LABEL[inbox.socketState]}
        </span>
      </div>
      {inbox.error && (
        <p class="error" role="alert">
          {inbox.error}{' '}
          <button type="button" class="link" onClick={inbox.reload}>
            Retry
          </button>
        </p>
      )}
      {inbox.conversations.length === 0 && !inbox.error && (
        <p class="empty muted">
          {inbox.searching
            ? 'Nothing found in this list: try other words, or another list.'
            : inbox.filter === 'OPEN'
              ? EMPTY[inbox.view]
              : 'No closed conversations.'}
        </p>
      )}
      <ul>
        {inbox.conversations.map((conversation) => {
          const unread = conversation.id === selected ? 0 : conversation.unread;
          const assignee = conversation.assignee && (conversation.assignee.id === inbox.me?.id ? 'You' : conversation.assignee.displayName);
          return (
            <li key={conversation.id}>
              <button
                type="button"
                class={`inbox-item${conversation.id === selected ? ' selected' : ''}`}
                aria-current={conversation.id === selected ? 'true' : undefined}
                onClick={() => onSelect(conversation.id)}
              >
                <span class="who">
                  {conversation.authenticated && <Padlock />}
                  <VisitorLabel visitor={conversation} />
                </span>
                <span class="when muted">{ago(conversation.updatedAt)}</span>
                {/* The last message as an isolate (a system line's userId as its own): a bidi control stays inside. */}
                <span class="preview muted" dir="auto">
                  {conversation.previewIsSystem ? <SystemText text={conversation.preview} /> : conversation.preview}
                </span>
                <span class="project muted">
                  {inbox.projects.get(conversation.projectId) ?? ''}
                  {assignee && <span class="assignee"> · {assignee}</span>}
                </span>
                {unread > 0 && (
                  <span class="badge-count">
                    {unread}
                    <span class="sr-only"> unread</span>
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
