import { isMessageText } from '@parley/protocol';
import { useRef, useState } from 'preact/hooks';
import { SendIcon } from './icons.js';

/** Repeats "typing" at most this often while the visitor types. */
const TYPING_REPEAT_MS = 3000;

interface ComposerProps {
  onSend(text: string): void;
  onTyping(active: boolean): void;
  inputRef: { current: HTMLTextAreaElement | null };
}

/** The message box: Enter sends, Shift+Enter breaks the line; grows up to five lines. */
export function Composer({ onSend, onTyping, inputRef }: ComposerProps) {
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const valid = isMessageText(text.trim());

  const submit = () => {
    if (!valid) return;
    onSend(text.trim());
    setText('');
    lastTyping.current = 0;
    onTyping(false);
  };

  const onInput = (event: Event) => {
    const area = event.currentTarget as HTMLTextAreaElement;
    setText(area.value);
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 120)}px`;
    const now = Date.now();
    if (area.value.trim() === '') onTyping(false);
    else if (now - lastTyping.current > TYPING_REPEAT_MS) {
      lastTyping.current = now;
      onTyping(true);
    }
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="sr-only" for="parley-input">
        Your message
      </label>
      <textarea
        id="parley-input"
        ref={inputRef}
        rows={1}
        maxLength={5000}
        placeholder="Write a message…"
        value={text}
        onInput={onInput}
        onBlur={() => onTyping(false)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label="Send" disabled={!valid}>
        <SendIcon />
      </button>
    </form>
  );
}
