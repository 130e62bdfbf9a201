import type { Parley } from '@parley/sdk';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Composer } from './Composer.js';
import { fill } from './i18n/resolve-strings.js';
import type { WidgetStrings } from './i18n/widget-strings.js';
import { ChatIcon, CloseIcon, LockIcon } from './icons.js';
import { MessageList } from './MessageList.js';
import { UnavailableNotice } from './UnavailableNotice.js';
import type { Unavailability } from './unavailable.js';
import { useChat } from './use-chat.js';
import type { WidgetOptions } from './widget-options.js';

const launcherLabel = (strings: WidgetStrings, unread: number) =>
  unread === 0 ? strings.openChat : unread === 1 ? strings.openChatUnreadOne : fill(strings.openChatUnreadMany, { count: unread });

/**
 * The launcher and the chat panel; nothing shows until the page has activated the SDK, except the "chat is
 * unavailable" notice after a failed secured activation (unless the page turned it off).
 */
export function Widget({ sdk, options, unavailable }: { sdk: Parley; options: WidgetOptions | null; unavailable: Unavailability }) {
  const [open, setOpen] = useState(false);
  const chat = useChat(sdk, open);
  const failures = useFailures(unavailable);
  const [dismissed, setDismissed] = useState(0);
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  useEffect(() => {
    if (chat.status === null) setOpen(false);
  }, [chat.status]);

  // Following the SDK already, shown once the project's appearance is known.
  if (options === null) return null;
  const { strings } = options;
  if (chat.status === null)
    return options.showUnavailable && failures > dismissed ? (
      <UnavailableNotice strings={strings} onDismiss={() => setDismissed(failures)} />
    ) : null;

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
          aria-label={strings.dialogLabel}
          // Full screen on a phone: the page behind is out of reach, so screen readers should treat it as modal.
          aria-modal={window.matchMedia('(max-width: 480px)').matches}
          onKeyDown={(event) => {
            if (event.key === 'Escape') close();
          }}
        >
          <header>
            <div>
              <h2>{strings.title}</h2>
              <p>{strings.subtitle}</p>
            </div>
            <button type="button" class="icon-button" aria-label={strings.closeChat} onClick={close}>
              <CloseIcon />
            </button>
          </header>
          {chat.status === 'AUTHENTICATED' && (
            <p class="notice">
              <LockIcon /> {strings.signedInNotice}
            </p>
          )}
          <MessageList items={chat.items} agentTyping={chat.agentTyping} onRetry={chat.retry} options={options} />
          <Composer onSend={chat.send} onTyping={chat.typing} inputRef={input} strings={strings} />
        </section>
      )}
      <button
        ref={launcher}
        type="button"
        class={open ? 'launcher open' : 'launcher'}
        aria-label={open ? strings.closeChat : launcherLabel(strings, chat.unread)}
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

/** The failures that made chat unavailable so far (0: available), kept in step with the watch. */
function useFailures(unavailable: Unavailability): number {
  const [failures, setFailures] = useState(unavailable.get());
  useEffect(() => {
    // An activation may have settled between the first render and this effect.
    setFailures(unavailable.get());
    return unavailable.subscribe(setFailures);
  }, [unavailable]);
  return failures;
}
