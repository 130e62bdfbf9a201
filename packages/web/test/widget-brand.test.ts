import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleOf, screenshot } from './harness/chromium.js';
import { openConsole, showHash } from './harness/console.js';
import { conversationOf, sendFromWidget, widget, worldForFile } from './harness/world.js';

const world = worldForFile();

/** The launcher's colours and side, and the panel's words, as the visitor sees them. */
const looks = (page: Page) =>
  page.locator('parley-widget .root').evaluate((root) => {
    const launcher = root.querySelector('.launcher') as HTMLElement | null;
    const style = launcher ? getComputedStyle(launcher) : null;
    const box = launcher?.getBoundingClientRect();
    return {
      background: style?.backgroundColor ?? null,
      color: style?.color ?? null,
      side: box ? (box.left < window.innerWidth / 2 ? 'left' : 'right') : null,
      title: root.querySelector('header h2')?.textContent ?? null,
      greeting: root.querySelector('.greeting .bubble')?.textContent ?? null,
      placeholder: root.querySelector('textarea')?.getAttribute('placeholder') ?? null,
    };
  });

const agentLabels = (page: Page) => page.locator('parley-widget .message.agent .author').allTextContents();

describe("a brand's own widget", { timeout: 90_000 }, () => {
  it('an admin brands the widget in the console, and visitors get it from their first sight of it', async () => {
    const projectId = await world.server.project();
    const admin = await openConsole(world, await world.device(), '/admin');
    await showHash(admin, `#/projects/${projectId}/widget`);
    await admin.getByLabel("Use my brand's colour").check();
    await admin.getByLabel('Accent colour', { exact: true }).fill('#0a7c5a');
    await expect.poll(() => admin.locator('.accent-field .hint').innerText()).toBe('Text on it: white, contrast 5.2:1 (WCAG AA).');
    await admin.getByLabel('Title', { exact: true }).fill('Help from Shop');
    await admin.getByLabel('Greeting').fill('Hi! Ask us about your order.');
    await admin.getByLabel('Bottom left').check();
    await admin.getByLabel('Language').selectOption('fr');
    await admin.getByLabel('Widget string').selectOption('placeholder');
    expect(await admin.getByLabel('Replacement text').getAttribute('placeholder')).toBe('Écrivez votre message…');
    await admin.getByLabel('Replacement text').fill('Votre question sur la commande…');
    await admin.getByRole('button', { name: 'Add' }).click();
    await admin.getByRole('button', { name: 'Save widget' }).click();
    await admin.getByText('Widget saved.').waitFor();
    await screenshot(admin, 'brand-admin-widget');

    for (const [width, locale] of [
      [1280, 'en-US'],
      [390, 'fr-FR'],
    ] as const) {
      const page = await world.open(await world.device({ width, locale }), { projectId });
      const logs = consoleOf(page);
      const parts = widget(page);
      await parts.launcher.waitFor();
      // No flash: the very first launcher drawn has the brand's colour.
      expect(await looks(page)).toMatchObject({ background: 'rgb(10, 124, 90)', color: 'rgb(255, 255, 255)', side: 'left' });
      await parts.launcher.click();
      expect(await looks(page)).toMatchObject({
        title: 'Help from Shop',
        greeting: 'Hi! Ask us about your order.',
        placeholder: locale === 'fr-FR' ? 'Votre question sur la commande…' : 'Write a message…',
      });
      await screenshot(page, `brand-widget-${width}`);
      expect(logs).toEqual([]);
    }
  });

  it("shows the agent's name and initials, or Support when the project says so, and tells the visitor a conversation closed", async () => {
    const projectId = await world.server.project();
    const setAgentNames = (agentNames: 'NAME' | 'GENERIC') =>
      world.server.ok(
        'mutation($p: ID!, $a: AgentNameDisplay!) { projectUpdateWidget(input: { projectId: $p, agentNames: $a }) { project { id } } }',
        { p: projectId, a: agentNames },
      );
    await world.server.ok('mutation { viewerUpdate(input: { displayName: "Ada Lovelace" }) { operator { id } } }');
    const agent = await world.agent();
    const page = await world.open(await world.device(), { projectId });
    await sendFromWidget(page, 'Where is my parcel?');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const conversationId = (await conversationOf(page)) as string;
    const say = (text: string) => agent.send({ type: 'send', clientId: `a-${text.length}-${Date.now()}`, conversationId, text });

    say('Hi, let me check.');
    say('It left the warehouse today.');
    await expect.poll(() => agentLabels(page)).toEqual(['ALAda Lovelace']); // one label for the run, with the avatar
    expect(await page.locator('parley-widget .avatar').first().innerText()).toBe('AL');
    await screenshot(page, 'brand-agent-name');

    await setAgentNames('GENERIC');
    say('Anything else?');
    await expect.poll(() => agentLabels(page)).toEqual(['ALAda Lovelace', 'SSupport']);

    const setStatus = (mutation: 'conversationClose' | 'conversationReopen') =>
      world.server.ok(`mutation($c: ID!) { ${mutation}(input: { conversationId: $c }) { conversation { id } } }`, { c: conversationId });
    const lastLine = () => widget(page).messages.last().innerText();
    await setStatus('conversationClose');
    await expect.poll(lastLine).toBe('This conversation was closed. Write below to start a new one.');
    await screenshot(page, 'brand-conversation-closed');
    await setStatus('conversationReopen');
    await expect.poll(lastLine).toBe('This conversation was reopened.');
    await sendFromWidget(page, 'Thanks for reopening');
    await expect.poll(lastLine).toMatch(/^You:\s+Thanks for reopening/);
    expect(await conversationOf(page)).toBe(conversationId);
    await setStatus('conversationClose');
    await expect.poll(lastLine).toBe('This conversation was closed. Write below to start a new one.');
    await sendFromWidget(page, 'One more question');
    await expect.poll(() => conversationOf(page)).not.toBe(conversationId);
    await setAgentNames('NAME');
  });
});
