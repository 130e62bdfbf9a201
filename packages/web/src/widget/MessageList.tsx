import { useEffect, useRef } from 'preact/hooks';
import { type ChatItem, formatTime } from './chat-state.js';
import type { WidgetStrings } from './i18n/widget-strings.js';
import { initials } from './initials.js';
import { LocalSystemText } from './LocalSystemText.js';
import { Markdown } from './Markdown.js';
import type { WidgetOptions } from './widget-options.js';

interface MetaProps {
  item: ChatItem;
  onRetry: (key: string) => void;
  strings: WidgetStrings;
  locale: string | undefined;
}

function Meta({ item, onRetry, strings, locale }: MetaProps) {
  if (item.state === 'sending')
    return (
      <div class="meta" aria-hidden="true">
        {strings.sending}
      </div>
    );
  if (item.state === 'failed')
    return (
      <div class="meta failed">
        {strings.notSent}{' '}
        <button type="button" class="retry" onClick={() => onRetry(item.key)}>
          {strings.retry}
        </button>
      </div>
    );
  // The time is for the eye: a live region announcing it with every message would be noise.
  return (
    <div class="meta" aria-hidden="true">
      {formatTime(item.createdAt, locale)}
    </div>
  );
}

interface MessageListProps {
  items: ChatItem[];
  agentTyping: boolean;
  onRetry: (key: string) => void;
  options: WidgetOptions;
}

/** Who speaks for the brand: an avatar of initials and the agent's name, or the `support` string. */
function AgentLabel({ name }: { name: string }) {
  return (
    <div class="author" aria-hidden="true">
      <span class="avatar">{initials(name)}</span>
      {name}
    </div>
  );
}

/** The name over an agent's message: once per run of messages by the same agent. */
function agentNameOf(items: ChatItem[], index: number, options: WidgetOptions): string | null {
  const item = items[index];
  if (item?.author !== 'agent') return null;
  const name = (options.agentNames && item.authorName) || options.strings.support;
  const previous = items[index - 1];
  const previousName = previous?.author === 'agent' ? (options.agentNames && previous.authorName) || options.strings.support : null;
  return name === previousName ? null : name;
}

/** The conversation as a live region: screen readers announce new messages with who wrote them. */
export function MessageList({ items, agentTyping, onRetry, options }: MessageListProps) {
  const { strings, locale, greeting } = options;
  const list = useRef<HTMLDivElement>(null);
  const last = items.at(-1);

  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last?.key, last?.state, agentTyping]);

  return (
    <div class="messages" ref={list} role="log" aria-live="polite" aria-label={strings.conversationLabel}>
      {greeting !== null && (
        <div class="message agent greeting">
          <AgentLabel name={strings.support} />
          <div class="bubble">{greeting}</div>
        </div>
      )}
      {items.length === 0 && greeting === null && <p class="empty">{strings.empty}</p>}
      {items.map((item, index) =>
        item.author === 'system' ? (
          <p key={item.key} class="system">
            <LocalSystemText text={item.text} strings={strings} />
          </p>
        ) : (
          <div key={item.key} class={`message ${item.author}`}>
            {item.author === 'agent' && agentNameOf(items, index, options) !== null && (
              <AgentLabel name={agentNameOf(items, index, options) ?? ''} />
            )}
            <span class="sr-only">
              {item.author === 'visitor' ? strings.you : (options.agentNames && item.authorName) || strings.agent}:{' '}
            </span>
            <div class="bubble">
              <Markdown text={item.text} />
            </div>
            <Meta item={item} onRetry={onRetry} strings={strings} locale={locale} />
          </div>
        ),
      )}
      {agentTyping && (
        <div class="typing" role="status">
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          <span class="sr-only">{strings.agentTyping}</span>
        </div>
      )}
    </div>
  );
}
