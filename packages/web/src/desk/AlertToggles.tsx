import type { Alerts } from './use-alerts.js';

/** The agent's own choice of alerts; the browser asks for notification permission on the first click only. */
export function AlertToggles({ alerts }: { alerts: Alerts }) {
  return (
    <span class="alert-toggles">
      <button
        type="button"
        class="small"
        aria-pressed={alerts.desktop}
        aria-label="Notifications"
        title={
          alerts.blocked && !alerts.desktop
            ? 'Notifications are blocked for this site in the browser settings'
            : 'Desktop notifications for new conversations and for messages in yours or unassigned ones'
        }
        onClick={() => void alerts.toggleDesktop()}
      >
        <span aria-hidden="true">🔔</span>
      </button>
      <button
        type="button"
        class="small"
        aria-pressed={alerts.sound}
        aria-label="Sound"
        title="A sound for the same"
        onClick={alerts.toggleSound}
      >
        <span aria-hidden="true">🔊</span>
      </button>
    </span>
  );
}
