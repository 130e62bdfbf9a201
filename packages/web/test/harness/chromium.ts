import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); `npm test` installs it when missing. */
export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** Where the browser tests save their screenshots (look at them: `ls test-results/screenshots`). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../../test-results/screenshots/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (npm test does it as root)`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // Animations finished (the panel's rise): the picture shows what stays on screen, not a frame of the transition.
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, animations: 'disabled' });
}

/** Collects the page's console warnings and errors and uncaught exceptions (the SDK's warnings are part of its contract). */
export function consoleOf(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (message) => {
    // Chromium's own network lines (the favicon's 404, the brand's 401 for a signed-out visitor) are not the SDK's.
    if (message.text().startsWith('Failed to load resource')) return;
    if (message.type() === 'warning' || message.type() === 'error') lines.push(message.text());
  });
  page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
  return lines;
}
