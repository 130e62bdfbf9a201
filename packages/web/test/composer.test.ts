import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/chromium.js';
import { widget, worldForFile } from './harness/world.js';

const world = worldForFile();

const heightOf = (page: Page) => widget(page).input.evaluate((area) => area.getBoundingClientRect().height);

describe('the composer', { timeout: 60_000 }, () => {
  it.each([1280, 390])('grows with a long message and shrinks back to one line once it is sent (%i px wide)', async (width) => {
    const device = await world.device({ user: `zoe-${width}`, width });
    const page = await world.open(device);
    const parts = widget(page);
    await parts.launcher.click();
    await expect.poll(() => parts.panel.isVisible()).toBe(true);
    const oneLine = await heightOf(page);
    expect(oneLine).toBe(42);

    for (const [index, line] of ['Hello,', 'my order #42 arrived', 'with a torn tent,', 'two left boots', 'and no poles.'].entries()) {
      if (index > 0) await parts.input.press('Shift+Enter');
      await parts.input.pressSequentially(line);
    }
    // Five lines: the box is at its tallest (it scrolls beyond).
    await expect.poll(() => heightOf(page)).toBe(120);
    await screenshot(page, `composer-long-${width}`);

    await parts.input.press('Enter');
    await expect.poll(() => parts.messages.count()).toBe(1);
    expect(await parts.input.inputValue()).toBe('');
    await expect.poll(() => heightOf(page)).toBe(oneLine);
    await screenshot(page, `composer-sent-${width}`);

    // And grows again for the next one.
    await parts.input.press('Shift+Enter');
    await parts.input.pressSequentially('second line');
    await expect.poll(() => heightOf(page)).toBeGreaterThan(oneLine);
    await device.close();
  });
});
