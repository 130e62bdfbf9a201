import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_PROVIDER } from './harness/brand-site.js';
import { consoleOf, screenshot } from './harness/chromium.js';
import { conversationOf, sendFromWidget, statusOf, widget, withSdk, worldForFile } from './harness/world.js';

const world = worldForFile();

/** What a visitor sees and what a screen reader gets: the panel's words, names and the widget's language. */
const panelWords = (page: Page) =>
  page.locator('parley-widget .root').evaluate((root) => {
    const text = (selector: string) => root.querySelector(selector)?.textContent?.trim() ?? null;
    const label = (selector: string) => root.querySelector(selector)?.getAttribute('aria-label') ?? null;
    return {
      lang: root.getAttribute('lang'),
      title: text('header h2'),
      subtitle: text('header p'),
      notice: text('.notice'),
      dialog: label('.panel'),
      close: label('header .icon-button'),
      launcher: label('.launcher'),
      log: label('.messages'),
      empty: text('.empty'),
      placeholder: root.querySelector('textarea')?.getAttribute('placeholder') ?? null,
      input: text('label[for="parley-input"]'),
      send: label('.send'),
    };
  });

const signIn = async (page: Page, user: string) => {
  await page.context().addCookies([{ name: 'brand_user', value: user, domain: new URL(world.site.url).hostname, path: '/' }]);
  return withSdk<{ authentication: { status: string } }>(page, `(sdk) => sdk.activate(${DOCUMENTED_PROVIDER})`);
};

describe('the widget in the visitor’s language', { timeout: 60_000 }, () => {
  it.each([1280, 390])('a French browser gets the French widget (%i px wide)', async (width) => {
    const device = await world.device({ user: `amelie-${width}`, locale: 'fr-FR', width });
    const page = await world.open(device);
    const logs = consoleOf(page);
    const parts = widget(page);
    await expect.poll(() => parts.launcher.getAttribute('aria-label')).toBe('Ouvrir le chat');
    await parts.launcher.click();
    await expect.poll(() => parts.panel.isVisible()).toBe(true);
    expect(await panelWords(page)).toEqual({
      lang: 'fr-FR',
      title: 'Discutez avec nous',
      subtitle: 'Nous sommes là pour vous aider',
      notice: 'Vous êtes connecté à votre compte\u202F: cette conversation y est rattachée.',
      dialog: 'Chat',
      close: 'Fermer le chat',
      launcher: 'Fermer le chat',
      log: 'Conversation',
      empty: 'Posez-nous vos questions\u202F: nous répondons généralement en quelques minutes.',
      placeholder: 'Écrivez votre message…',
      input: 'Votre message',
      send: 'Envoyer',
    });
    await screenshot(page, `i18n-fr-panel-${width}`);
    await sendFromWidget(page, 'Bonjour, où en est ma commande ?');
    // "Vous :" for screen readers, and the time as French write it (24 h).
    await expect.poll(() => parts.messages.first().innerText()).toMatch(/^Vous:\s+Bonjour, où en est ma commande \?\s+\d{2}:\d{2}$/);
    await screenshot(page, `i18n-fr-message-${width}`);
    expect(logs).toEqual([]);
    await device.close();
  });

  it('says the sign-in line in French, the userId apart', async () => {
    const device = await world.device({ locale: 'fr-CA' });
    const page = await world.open(device);
    expect(await statusOf(page)).toBe('ANONYMOUS');
    await sendFromWidget(page, 'Je suis encore anonyme');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    expect((await signIn(page, 'amelie-qc')).authentication.status).toBe('authentication-success');
    const line = page.locator('parley-widget .system');
    await expect.poll(() => line.innerText()).toBe('Visiteur connecté en tant que amelie-qc 🔒');
    expect(await line.locator('bdi').textContent()).toBe('amelie-qc');
    await screenshot(page, 'i18n-fr-signed-in-line');
    await device.close();
  });

  it('takes the page’s locale before the browser’s, and its per-string overrides', async () => {
    const device = await world.device({ user: 'dieter', locale: 'en-US' });
    const page = await world.open(device, { config: { locale: 'de-DE', strings: { title: 'Acme hilft' } } });
    await widget(page).launcher.click();
    await expect.poll(() => widget(page).panel.isVisible()).toBe(true);
    expect(await panelWords(page)).toMatchObject({
      lang: 'de-DE',
      title: 'Acme hilft',
      subtitle: 'Wir helfen Ihnen gerne weiter',
      placeholder: 'Nachricht schreiben…',
      send: 'Senden',
    });
    await screenshot(page, 'i18n-de-override');
    await device.close();
  });

  it('falls back to English for a language it does not speak', async () => {
    const device = await world.device({ user: 'giulia', locale: 'it-IT' });
    const page = await world.open(device);
    await widget(page).launcher.click();
    await expect.poll(() => widget(page).panel.isVisible()).toBe(true);
    expect(await panelWords(page)).toMatchObject({ lang: 'en', title: 'Chat with us', subtitle: "We're here to help", send: 'Send' });
    await device.close();
  });
});
