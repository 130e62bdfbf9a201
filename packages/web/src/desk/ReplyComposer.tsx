import { isMessageText } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { Markdown } from '../widget/Markdown.js';
import { CannedList, type CannedReply, cannedMatches, cannedOptionId } from './CannedPicker.js';

/** Key hints only where there is a keyboard and a mouse (not on a phone or a tablet). */
const KEYBOARD = typeof matchMedia === 'function' && matchMedia('(hover: hover) and (pointer: fine)').matches;
const SEND_KEYS = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘+Enter' : 'Ctrl+Enter';

/** The agent's reply box: markdown with a preview of what the visitor will see; Ctrl/⌘+Enter sends; `/` inserts a canned reply. */
export function ReplyComposer({
  onSend,
  onTyping,
  cannedReplies = [],
}: {
  onSend(text: string): boolean;
  onTyping(active: boolean): void;
  cannedReplies?: readonly CannedReply[];
}) {
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const matches = cannedMatches(text, cannedReplies);
  const pick = (reply: CannedReply) => {
    setText(reply.text);
    setActive(0);
    onTyping(true);
  };
  const [preview, setPreview] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valid = isMessageText(text.trim());

  const send = () => {
    if (!valid) return;
    if (onSend(text.trim())) {
      setText('');
      setPreview(false);
      setError(null);
      onTyping(false);
    } else setError('Not connected to the server: your reply is kept here; send it again once the desk shows "Live".');
  };

  return (
    <form
      class="reply"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <div class="tabs" role="tablist" aria-label="Reply">
        <button type="button" role="tab" aria-selected={!preview} onClick={() => setPreview(false)}>
          Write
        </button>
        <button type="button" role="tab" aria-selected={preview} onClick={() => setPreview(true)} disabled={text.trim() === ''}>
          Preview
        </button>
        <span class="hint">**bold**, *italic*, `code`, [link](https://…), - lists</span>
      </div>
      {preview ? (
        <section class="preview bubble agent" aria-label="Preview">
          <Markdown text={text} />
        </section>
      ) : (
        <textarea
          aria-label="Reply"
          aria-controls={matches ? 'canned-replies' : undefined}
          aria-activedescendant={matches?.[active] ? cannedOptionId(matches[active].shortcut) : undefined}
          rows={3}
          maxLength={5000}
          placeholder={KEYBOARD ? `Write a reply…  (${SEND_KEYS} to send)` : 'Write a reply…'}
          value={text}
          onInput={(event) => {
            const value = (event.currentTarget as HTMLTextAreaElement).value;
            setText(value);
            setActive(0);
            onTyping(value.trim() !== '');
          }}
          onKeyDown={(event) => {
            if (matches && matches.length > 0) {
              const move = { ArrowDown: 1, ArrowUp: -1 }[event.key];
              if (move) {
                event.preventDefault();
                return setActive((active + move + matches.length) % matches.length);
              }
              const chosen = matches[active];
              if ((event.key === 'Enter' || event.key === 'Tab') && !event.ctrlKey && !event.metaKey && chosen) {
                event.preventDefault();
                return pick(chosen);
              }
            }
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              send();
            }
          }}
        />
      )}
      {matches && !preview && <CannedList matches={matches} active={active} onPick={pick} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row end">
        <button type="submit" class="primary" disabled={!valid}>
          Send reply
        </button>
      </div>
    </form>
  );
}
