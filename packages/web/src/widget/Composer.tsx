import { isMessageText } from '@parley/protocol';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { WidgetStrings } from './i18n/widget-strings.js';
import { SendIcon } from './icons.js';

/** Repeats "typing" at most this often while the visitor types. */
const TYPING_REPEAT_MS = 3000;
/** The message box grows with its text up to this height (five lines), then scrolls. */
const MAX_HEIGHT_PX = 120;

interface ComposerProps {
  onSend(text: string): void;
  onTyping(active: boolean): void;
  inputRef: { current: HTMLTextAreaElement | null };
  strings: WidgetStrings;
}

/** The box's height for its text: as tall as its content (borders included), at most MAX_HEIGHT_PX. */
function fitHeight(area: HTMLTextAreaElement): void {
  area.style.height = 'auto';
  const borders = area.offsetHeight - area.clientHeight;
  area.style.height = `${Math.min(area.scrollHeight + borders, MAX_HEIGHT_PX)}px`;
}

/** The message box: Enter sends, Shift+Enter breaks the line; grows up to five lines, and shrinks back once sent. */
export function Composer({ onSend, onTyping, inputRef, strings }: ComposerProps) {
  const [text, setText] = useState('');
  const lastTyping = useRef(0);
  const valid = isMessageText(text.trim());

  // Whenever the text changes (typed, or emptied by a send), before the browser paints.
  useLayoutEffect(() => {
    if (inputRef.current) fitHeight(inputRef.current);
  }, [text, inputRef]);

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
        {strings.messageLabel}
      </label>
      <textarea
        id="parley-input"
        ref={inputRef}
        rows={1}
        maxLength={5000}
        placeholder={strings.placeholder}
        // Enter sends: a touch keyboard labels its Enter key so (in the visitor's language).
        enterkeyhint="send"
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
      <button type="submit" class="send" aria-label={strings.send} disabled={!valid}>
        <SendIcon />
      </button>
    </form>
  );
}
