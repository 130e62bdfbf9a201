import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/chromium.js';
import { cuttableRealtime } from './harness/network-cut.js';
import { sendFromWidget, widget, worldForFile } from './harness/world.js';

const world = worldForFile();

/** What a careless or hostile stylesheet on the brand's page can do. */
const HOSTILE_CSS = `<style>
  html { font-size: 4px; }
  * { font-family: "Comic Sans MS", cursive !important; color: red !important; line-height: 4 !important; box-sizing: content-box !important; }
  div, button, section, p, span, textarea, form, header { display: none !important; padding: 40px !important; margin: 30px !important; }
  body > *, parley-widget { display: none !important; position: static !important; opacity: 0 !important; transform: scale(0.2) !important; }
  button { all: unset !important; }
  body { transform: translateX(-30px); filter: blur(1px); }
</style>`;

describe('the widget', { timeout: 60_000 }, () => {
  it('stays correct on a page with hostile CSS, and leaves the page alone', async () => {
    const device = await world.device({ user: 'lena' });
    const page = await world.open(device, { head: HOSTILE_CSS });
    const parts = widget(page);
    await expect.poll(() => parts.launcher.isVisible()).toBe(true);
    expect(await parts.launcher.boundingBox()).toEqual({ x: 1280 - 20 - 60, y: 800 - 20 - 60, width: 60, height: 60 });
    await parts.launcher.click();
    await expect.poll(() => parts.panel.boundingBox()).toEqual({ x: 1280 - 20 - 380, y: 800 - 92 - 620, width: 380, height: 620 });
    const font = await parts.input.evaluate((element) => getComputedStyle(element).fontFamily);
    expect(font).not.toContain('Comic');
    await sendFromWidget(page, 'Styled **correctly**?');
    await expect.poll(() => parts.messages.count()).toBe(1);
    // The widget adds nothing to the page outside its own element: no global style, no other element.
    expect(await page.evaluate(() => document.head.querySelectorAll('style').length)).toBe(1);
    expect(await page.evaluate(() => [...document.querySelectorAll('html > *, body > *')].map((element) => element.tagName))).toEqual([
      'HEAD',
      'BODY',
      'MAIN',
      'SCRIPT',
      'SCRIPT',
      'PARLEY-WIDGET',
    ]);
    expect(await page.evaluate(() => document.documentElement.lastElementChild?.tagName)).toBe('PARLEY-WIDGET');
    await screenshot(page, 'widget-hostile-css');
    await device.close();
  });

  it('is usable with the keyboard alone, with names for a screen reader', async () => {
    const device = await world.device({ user: 'mike' });
    const page = await world.open(device);
    const parts = widget(page);
    await expect.poll(() => parts.launcher.isVisible()).toBe(true);
    expect(await parts.launcher.getAttribute('aria-expanded')).toBe('false');
    await parts.launcher.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => parts.panel.getAttribute('role')).toBe('dialog');
    // Opening moves focus to the message box; Enter sends, Shift+Enter breaks the line.
    await expect.poll(() => parts.input.evaluate((element) => (element.getRootNode() as ShadowRoot).activeElement === element)).toBe(true);
    await page.keyboard.type('Line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    await page.keyboard.press('Enter');
    await expect.poll(() => parts.messages.first().innerText()).toMatch(/You:\s*Line one\s+line two/);
    expect(await page.locator('parley-widget [role="log"]').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('parley-widget .send').getAttribute('aria-label')).toBe('Send');
    await screenshot(page, 'widget-keyboard');
    // Escape closes the panel and gives focus back to the launcher.
    await page.keyboard.press('Escape');
    await expect.poll(() => parts.panel.count()).toBe(0);
    expect(
      await parts.launcher.evaluate(
        (element) => element.getRootNode() instanceof ShadowRoot && (element.getRootNode() as ShadowRoot).activeElement === element,
      ),
    ).toBe(true);
    expect(await parts.launcher.getAttribute('aria-expanded')).toBe('false');
    await device.close();
  });

  it('keeps a message "Sending…" while the network is down, and delivers it once when it is back', async () => {
    const device = await world.device({ user: 'nora' });
    const network = await cuttableRealtime(device);
    const page = await world.open(device);
    await sendFromWidget(page, 'First');
    await expect.poll(() => widget(page).messages.first().innerText()).not.toContain('Sending');

    await network.cut();
    await sendFromWidget(page, 'Written in a tunnel');
    await expect.poll(() => widget(page).messages.last().innerText()).toMatch(/Written in a tunnel\s+Sending…/);
    await screenshot(page, 'widget-sending');
    network.restore();
    await expect
      .poll(() => widget(page).messages.allInnerTexts(), { timeout: 15_000 })
      .toEqual([expect.stringContaining('First'), expect.stringMatching(/Written in a tunnel\s+\d/)]);
    await device.close();
  });

  it('offers Retry for a message the server refused, and Retry sends it', async () => {
    const device = await world.device({ user: 'olga' });
    let refuseNext = true;
    await device.routeWebSocket(/\/realtime$/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        const frame = JSON.parse(String(message)) as { type: string; clientId?: string };
        if (frame.type === 'send' && refuseNext) {
          refuseNext = false;
          socket.send(
            JSON.stringify({ type: 'error', code: 'VALIDATION_FAILED', message: 'refused by the test', clientId: frame.clientId }),
          );
        } else server.send(message);
      });
    });
    const page = await world.open(device);
    await sendFromWidget(page, 'Please retry me');
    const retry = page.locator('parley-widget .retry');
    await expect.poll(() => retry.isVisible()).toBe(true);
    expect(await widget(page).messages.last().innerText()).toMatch(/Please retry me\s+Not sent\.\s+Retry/);
    await screenshot(page, 'widget-retry');
    await retry.click();
    await expect.poll(() => widget(page).messages.allInnerTexts()).toEqual([expect.stringMatching(/Please retry me\s+\d/)]);
    await device.close();
  });
});
