import type { WidgetStrings } from './i18n/widget-strings.js';
import { ChatIcon, CloseIcon } from './icons.js';

/** Where the launcher would be: chat cannot start (the page's secured activation failed); announced once, dismissible. */
export function UnavailableNotice({ strings, onDismiss }: { strings: WidgetStrings; onDismiss: () => void }) {
  return (
    <div class="unavailable" role="status">
      <span class="unavailable-icon" aria-hidden="true">
        <ChatIcon />
      </span>
      <p>{strings.unavailable}</p>
      <button type="button" class="dismiss" aria-label={strings.dismiss} onClick={onDismiss}>
        <CloseIcon />
      </button>
    </div>
  );
}
