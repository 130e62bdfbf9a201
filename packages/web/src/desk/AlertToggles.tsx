import type { Alerts } from './use-alerts.js';

/** Outline icons drawn inline: no icon font or emoji font needed. */
const Icon = ({ path }: { path: string }) => (
  <svg
    width="16"
    height="16"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
  >
    <path d={path} />
  </svg>
);

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
        <Icon path="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0" />
      </button>
      <button
        type="button"
        class="small"
        aria-pressed={alerts.sound}
        aria-label="Sound"
        title="A sound for the same"
        onClick={alerts.toggleSound}
      >
        <Icon path="M4 9v6h4l5 4V5L8 9H4zm12-1a5 5 0 0 1 0 8m2.5-10.5a8.5 8.5 0 0 1 0 13" />
      </button>
    </span>
  );
}
