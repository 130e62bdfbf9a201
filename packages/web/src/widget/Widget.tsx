import type { Parley } from '@parley/sdk';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Composer } from './Composer.js';
import { ChatIcon, CloseIcon, LockIcon } from './icons.js';
import { MessageList } from './MessageList.js';
import { useChat } from './use-chat.js';

const unreadLabel = (count: number) => `${count} unread ${count === 1 ? 'message' : 'messages'}`;

/** The launcher and the chat panel; nothing shows until the page has activated the SDK. */
export function Widget({ sdk }: { sdk: Parley }) {
  const [open, setOpen] = useState(false);
  const chat = useChat(sdk, open);
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  useEffect(() => {
    if (chat.status === null) setOpen(false);
  }, [chat.status]);

  if (chat.status === null) return null;

  const close = () => {
    setOpen(false);
    launcher.current?.focus();
  };

  return (
    <>
      {open && (
        <section
          class="panel"
          role="dialog"
          aria-label="Chat"
          // Full screen on a phone: the page behind is out of reach, so screen readers should treat it as modal.
          aria-modal={window.matchMedia('(max-width: 480px)').matches}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <header>
            <div>
              <h2>Chat with us</h2>
              <p>We're here to help</p>
            </div>
            <button type="button" class="icon-button" aria-label="Close chat" onClick={close}>
              <CloseIcon />
            </button>
          </header>
          {chat.status === 'AUTHENTICATED' && (
            <p class="notice">
              <LockIcon /> You are signed in: this conversation is linked to your account.
            </p>
          )}
          <MessageList items={chat.items} agentTyping={chat.agentTyping} onRetry={chat.retry} />
          <Composer onSend={chat.send} onTyping={chat.typing} inputRef={input} />
        </section>
      )}
      <button
        ref={launcher}
        type="button"
        class={open ? 'launcher open' : 'launcher'}
        aria-label={open ? 'Close chat' : chat.unread > 0 ? `Open chat, ${unreadLabel(chat.unread)}` : 'Open chat'}
        aria-expanded={open}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {open ? <CloseIcon /> : <ChatIcon />}
        {!open && chat.unread > 0 && (
          <span class="badge" aria-hidden="true">
            {chat.unread > 9 ? '9+' : chat.unread}
          </span>
        )}
      </button>
    </>
  );
}
