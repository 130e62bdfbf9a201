import { type BrandSite, startBrandSite } from '@parley/example-brand-site';
import { privateKey } from '@parley/test-vectors';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveServerForFile } from '../../../test/fixtures/live-server.js';
import { launchChromium, screenshot } from './harness/chromium.js';
import { createAgent } from './harness/console.js';

/**
 * The whole journey, in Chromium, on the demo brand site (examples/brand-site, as `npm start` serves it): a visitor
 * chats anonymously, signs in, the agent sees 🔒 and the userId and replies, the same user finds the history on a
 * second device, signs out, and the history is gone from that browser.
 */
const server = liveServerForFile();
let site: BrandSite;
let agentLogin: { email: string; password: string };
const browser = await launchChromium();

beforeAll(async () => {
  const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: object[] };
  site = await startBrandSite({
    parleyUrl: server.url,
    projectId: server.projectId,
    brandPrivateKey: privateKey('brand'),
    platformPublicKey: jwks.keys[0] as never,
    port: 0,
  });
  agentLogin = await createAgent({ server }, server.projectId, 'agent@journey.example');
}, 60_000);
afterAll(async () => {
  await browser.close();
  await site?.close();
});

const siteUrl = () => site.url.replace('localhost', '127.0.0.1');
const widgetTexts = (page: Page) => page.locator('parley-widget .message, parley-widget .system').allInnerTexts();
/** Waits for the page's `activate()` to settle and fails with its result unless it succeeded (the widget shows nothing then). */
async function activated(page: Page): Promise<void> {
  const result = await page
    .waitForFunction(() => (window as { parleyActivation?: unknown }).parleyActivation)
    .then((handle) => handle.jsonValue());
  expect(result).toMatchObject({ authentication: { status: 'authentication-success' } });
}

async function visit(context: BrowserContext, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${siteUrl()}${path}`);
  await activated(page);
  return page;
}

async function signIn(page: Page, user: string): Promise<void> {
  await page.goto(`${siteUrl()}/sign-in`);
  await page.getByLabel('User').fill(user);
  await page.getByLabel('Password').fill('demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${siteUrl()}/`);
  await activated(page);
}

async function openWidget(page: Page): Promise<void> {
  const launcher = page.locator('parley-widget .launcher');
  await launcher.waitFor();
  if (!(await page.locator('parley-widget .panel').isVisible())) await launcher.click();
}

describe('the end-to-end journey', () => {
  it('anonymous → signed in (🔒 for the agent) → reply → second device → sign out', async () => {
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await visit(laptop);
    await openWidget(page);
    await page.locator('parley-widget textarea').fill('Hello, do you ship to Nantes?');
    await page.locator('parley-widget textarea').press('Enter');
    await expect.poll(async () => (await widgetTexts(page)).join()).toMatch(/Hello, do you ship to Nantes\?\s+\d/);

    // The agent's desk, in its own browser.
    const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const desk = await agentContext.newPage();
    await desk.goto(`${server.url}/desk`);
    await desk.getByLabel('Email').fill(agentLogin.email);
    await desk.getByLabel('Password').fill(agentLogin.password);
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.locator('.inbox-item', { hasText: 'Anonymous visitor' }).click();
    await desk.getByRole('complementary', { name: 'Visitor' }).getByText('Anonymous visitor — not verified').waitFor();

    // The visitor signs in on the brand site: the same conversation continues, now verified.
    await signIn(page, 'alice');
    await openWidget(page);
    await expect
      .poll(() => widgetTexts(page))
      .toEqual([expect.stringContaining('Hello, do you ship to Nantes?'), 'Visitor signed in as alice 🔒']);
    expect(await page.locator('parley-widget .notice').innerText()).toContain('You are signed in');
    const panel = desk.getByRole('complementary', { name: 'Visitor' });
    await expect.poll(() => panel.innerText()).toContain('Verified user');
    expect(await panel.innerText()).toMatch(/alice[\s\S]*Alice[\s\S]*alice@example\.com/);
    expect(await desk.locator('.conversation-head').getByRole('img', { name: 'verified' }).count()).toBe(1);
    await screenshot(desk, 'journey-desk-verified');

    await desk.getByRole('textbox', { name: 'Reply' }).fill('Hi Alice! Yes, **free delivery** to Nantes.');
    await desk.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(async () => (await widgetTexts(page)).at(-1)).toContain('Hi Alice! Yes, free delivery to Nantes.');
    await screenshot(page, 'journey-laptop-reply');

    // The same user on a second device finds the conversation.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const mobile = await visit(phone);
    await signIn(mobile, 'alice');
    await openWidget(mobile);
    await expect
      .poll(() => widgetTexts(mobile))
      .toEqual([
        expect.stringContaining('Hello, do you ship to Nantes?'),
        'Visitor signed in as alice 🔒',
        expect.stringContaining('Hi Alice! Yes, free delivery to Nantes.'),
      ]);
    await screenshot(mobile, 'journey-phone-history');

    // Sign out on the laptop: anonymous again, and the history is gone from that browser.
    const before = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':session'))?.[1] ?? '');
    await page.locator('parley-widget .icon-button').click();
    // The page is already at `/`: wait for the reload the sign-out form ends with, not for the URL.
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await reloaded;
    expect(page.url()).toBe(`${siteUrl()}/`);
    await activated(page);
    await openWidget(page);
    await expect.poll(() => widgetTexts(page)).toEqual([]);
    expect(await page.locator('parley-widget').innerText()).not.toContain('Nantes');
    const after = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':session'))?.[1] ?? '');
    expect(JSON.parse(after).authenticated).toBe(false);
    expect(JSON.parse(after).vuid).not.toBe(JSON.parse(before).vuid);
    await screenshot(page, 'journey-laptop-signed-out');
    // The phone stays signed in (another device) and reads that the laptop signed out.
    await expect
      .poll(async () => (await widgetTexts(mobile)).slice(1))
      .toEqual(['Visitor signed in as alice 🔒', expect.stringContaining('Hi Alice! Yes, free delivery to Nantes.'), 'Visitor signed out']);
    await Promise.all([laptop.close(), phone.close(), agentContext.close()]);
  }, 90_000);
});
