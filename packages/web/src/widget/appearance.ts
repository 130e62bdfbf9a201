import type { PublicWidgetAppearance } from '@parley/protocol';
import { darker, textOn, withAlpha } from './contrast.js';

/** The widget shows with its defaults rather than wait longer for the project's appearance. */
const APPEARANCE_TIMEOUT_MS = 3000;

/**
 * The project's appearance and wording (`GET /sdk/projects/{projectId}/widget`), or null when the server cannot say
 * in time: the widget then shows with its own defaults, and the console says why.
 */
export async function loadAppearance(
  fetch: typeof globalThis.fetch,
  serverUrl: string,
  projectId: string,
  timeoutMs = APPEARANCE_TIMEOUT_MS,
): Promise<PublicWidgetAppearance | null> {
  const url = `${serverUrl.replace(/\/+$/, '')}/sdk/projects/${encodeURIComponent(projectId)}/widget`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as PublicWidgetAppearance;
  } catch (error) {
    console.warn(`[parley] the widget's appearance could not be loaded from ${url} (${(error as Error).message}): showing the defaults`);
    return null;
  }
}

/** The CSS custom properties of an accent colour (styles.ts reads them); none for Parley's own. */
export function accentProperties(accent: string | null): Record<string, string> {
  if (accent === null) return {};
  return {
    '--accent': accent,
    '--accent-dark': darker(accent, 0.12),
    '--accent-end': darker(accent, 0.22),
    '--on-accent': textOn(accent),
    '--accent-ring': withAlpha(accent, 0.25),
  };
}

/** Puts the appearance on the widget's root: its colours, and the launcher's side. */
export function applyAppearance(root: HTMLElement, appearance: PublicWidgetAppearance | null): void {
  for (const [name, value] of Object.entries(accentProperties(appearance?.accentColor ?? null))) root.style.setProperty(name, value);
  root.classList.toggle('left', appearance?.launcherPosition === 'left');
}
