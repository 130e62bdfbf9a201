import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { alertFor } from './notify-rules.js';
import type { Inbox } from './use-inbox.js';

const SETTINGS_KEY = 'parley:desk:alerts';

interface AlertSettings {
  sound: boolean;
  desktop: boolean;
}

function readSettings(): AlertSettings {
  try {
    const parsed = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') as Partial<AlertSettings>;
    return { sound: parsed.sound === true, desktop: parsed.desktop === true };
  } catch {
    return { sound: false, desktop: false };
  }
}

/** A short two-tone chime, synthesized: no audio file to serve. */
function chime(): void {
  const audio = new AudioContext();
  for (const [index, frequency] of [880, 1320].entries()) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    const start = audio.currentTime + index * 0.12;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.15, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.25);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.25);
  }
  setTimeout(() => void audio.close(), 1000);
}

const notificationsSupported = () => typeof Notification === 'function';

/**
 * Desktop notifications and a sound for what `alertFor` picks. The browser's permission is asked only
 * when the agent turns notifications on (a click), never on load; the choices are kept per browser.
 */
export function useAlerts(inbox: Inbox, selected: string | null, onOpen: (conversationId: string) => void) {
  const [settings, setSettings] = useState(readSettings);
  const [permission, setPermission] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'));
  const state = useRef({ settings, selected, inbox, onOpen });
  state.current = { settings, selected, inbox, onOpen };

  const save = (next: AlertSettings) => {
    setSettings(next);
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(next));
  };

  useEffect(
    () =>
      inbox.onFrame((frame) => {
        const { settings, selected, inbox, onOpen } = state.current;
        if (!settings.sound && !settings.desktop) return;
        const watching = (id: string) => id === selected && document.visibilityState === 'visible';
        const conversationId = 'conversationId' in frame ? frame.conversationId : null;
        const alert = alertFor(frame, conversationId ? inbox.get(conversationId) : null, inbox.me?.id ?? null, watching);
        if (!alert) return;
        if (settings.sound) chime();
        if (settings.desktop && notificationsSupported() && Notification.permission === 'granted') {
          const notification = new Notification(alert.title, { body: alert.body, tag: alert.conversationId });
          notification.onclick = () => {
            window.focus();
            onOpen(alert.conversationId);
            notification.close();
          };
        }
      }),
    [inbox.onFrame],
  );

  const toggleDesktop = useCallback(async () => {
    if (settings.desktop) return save({ ...settings, desktop: false });
    const answer = notificationsSupported() ? await Notification.requestPermission() : 'denied';
    setPermission(answer);
    save({ ...settings, desktop: answer === 'granted' });
  }, [settings]);

  return {
    sound: settings.sound,
    desktop: settings.desktop,
    /** The browser refuses notifications for this site: only its settings can change that. */
    blocked: permission === 'denied',
    toggleSound: () => save({ ...settings, sound: !settings.sound }),
    toggleDesktop,
  };
}

export type Alerts = ReturnType<typeof useAlerts>;
