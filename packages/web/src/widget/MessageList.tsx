import { useEffect, useRef } from 'preact/hooks';
import { type ChatItem, formatTime } from './chat-state.js';
import { Markdown } from './Markdown.js';
import { SystemText } from './SystemText.js';

const SPEAKER = { visitor: 'You', agent: 'Agent', system: 'Notice' } as const;

function Meta({ item, onRetry }: { item: ChatItem; onRetry: (key: string) => void }) {
  if (item.state === 'sending')
    return (
      <div class="meta" aria-hidden="true">
        Sending…
      </div>
    );
  if (item.state === 'failed')
    return (
      <div class="meta failed">
        Not sent.{' '}
        <button type="button" class="retry" onClick={() => onRetry(item.key)}>
          Retry
        </button>
      </div>
    );
  // The time is for the eye: a live region announcing it with every message would be noise.
  return (
    <div class="meta" aria-hidden="true">
      {formatTime(item.createdAt)}
    </div>
  );
}

/** The conversation as a live region: screen readers announce new messages with who wrote them. */
export function MessageList({ items, agentTyping, onRetry }: { items: ChatItem[]; agentTyping: boolean; onRetry: (key: string) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const last = items.at(-1);

  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last?.key, last?.state, agentTyping]);

  return (
    <div class="messages" ref={list} role="log" aria-live="polite" aria-label="Conversation">
      {items.length === 0 && <p class="empty">Ask us anything: we usually answer within a few minutes.</p>}
      {items.map((item) =>
        item.author === 'system' ? (
          <p key={item.key} class="system">
            <SystemText text={item.text} />
          </p>
        ) : (
          <div key={item.key} class={`message ${item.author}`}>
            <span class="sr-only">{SPEAKER[item.author]}: </span>
            <div class="bubble">
              <Markdown text={item.text} />
            </div>
            <Meta item={item} onRetry={onRetry} />
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
          <span class="sr-only">An agent is typing</span>
        </div>
      )}
    </div>
  );
}
