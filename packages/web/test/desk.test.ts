import { beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENTED_PROVIDER } from './harness/brand-site.js';
import { screenshot } from './harness/chromium.js';
import { createAgent, openConsole } from './harness/console.js';
import { cuttableRealtime } from './harness/network-cut.js';
import { conversationOf, sendFromWidget, statusOf, widget, withSdk, worldForFile } from './harness/world.js';

const world = worldForFile();
let agentLogin: { email: string; password: string };
let outsiderLogin: { email: string; password: string };
beforeAll(async () => {
  agentLogin = await createAgent(world, world.projectId, 'agent@acme.example');
  const otherProject = await world.server.project();
  outsiderLogin = await createAgent(world, otherProject, 'agent@other.example');
}, 60_000);

describe('the desk', { timeout: 60_000 }, () => {
  it('shows a new authenticated conversation live with 🔒 and the userId; the reply reaches the visitor', async () => {
    const desk = await openConsole(world, await world.device(), '/desk', agentLogin);
    await desk.getByText('Live', { exact: true }).waitFor();

    const visitor = await world.open(await world.device({ user: 'user-4242' }));
    await sendFromWidget(visitor, 'Hi, my parcel has not arrived');

    const item = desk.locator('.inbox-item', { hasText: 'user-4242' });
    await item.waitFor();
    expect(await item.getByRole('img', { name: 'verified' }).count()).toBe(1);
    expect(await item.locator('.badge-count').innerText()).toMatch(/^1\s+unread$/);
    await item.click();
    const panel = desk.getByRole('complementary', { name: 'Visitor' });
    await expect.poll(() => panel.innerText()).toContain('Verified user');
    expect(await panel.innerText()).toContain('user-4242');
    const visitorMessage = desk.locator('.desk-message.visitor').first();
    expect(await visitorMessage.innerText()).toContain('Hi, my parcel has not arrived');
    expect(await visitorMessage.getByRole('img', { name: 'verified' }).count()).toBe(1);

    await desk
      .getByRole('textbox', { name: 'Reply' })
      .fill('Sorry about that! It is **on its way**: [track it](https://carrier.example/t/1)');
    await desk.getByRole('tab', { name: 'Preview' }).click();
    expect(await desk.getByRole('region', { name: 'Preview' }).locator('strong').innerText()).toBe('on its way');
    await screenshot(desk, 'desk-conversation-preview');
    await desk.getByRole('button', { name: 'Send reply' }).click();

    await expect
      .poll(() => widget(visitor).messages.allInnerTexts())
      .toEqual([
        expect.stringContaining('Hi, my parcel has not arrived'),
        expect.stringContaining('Sorry about that! It is on its way: track it'),
      ]);
    await expect.poll(() => desk.locator('.desk-message.agent').count()).toBe(1);
    await screenshot(desk, 'desk-conversation');
    await screenshot(visitor, 'desk-reply-in-widget');
  });

  it('shows an anonymous visitor as not verified, then the sign-in system line', async () => {
    const desk = await openConsole(world, await world.device(), '/desk', agentLogin);
    const device = await world.device();
    const visitor = await world.open(device);
    expect(await statusOf(visitor)).toBe('ANONYMOUS');
    await sendFromWidget(visitor, 'Question before signing in');
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();

    const item = desk.locator('.inbox-item', { hasText: 'Question before signing in' });
    await item.click();
    const panel = desk.getByRole('complementary', { name: 'Visitor' });
    await expect.poll(() => panel.innerText()).toContain('Anonymous visitor — not verified');

    await device.addCookies([{ name: 'brand_user', value: 'user-7', domain: '127.0.0.1', path: '/' }]);
    await withSdk(visitor, `(sdk) => sdk.activate(${DOCUMENTED_PROVIDER})`);
    expect(await statusOf(visitor)).toBe('AUTHENTICATED');
    await expect.poll(() => desk.locator('.system-line').allInnerTexts()).toEqual(['Visitor signed in as user-7 🔒']);
    // The visitor panel follows: the same conversation now belongs to the verified user.
    await expect.poll(() => panel.innerText()).toContain('Verified user');
    expect(await panel.innerText()).toContain('user-7');
    await screenshot(desk, 'desk-sign-in-line');
  });

  it('pages the history backwards with "Load earlier messages"', async () => {
    const visitor = await world.open(await world.device({ user: 'user-history' }));
    await sendFromWidget(visitor, 'Message 0');
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();
    const conversationId = await conversationOf(visitor);
    const agent = await world.agent();
    for (let index = 1; index <= 40; index++) {
      agent.send({ type: 'send', conversationId, clientId: `history-${index}`, text: `Message ${index}` });
      await agent.next('ack');
    }
    agent.close();
    const desk = await openConsole(world, await world.device(), '/desk', agentLogin);
    await desk.locator('.inbox-item', { hasText: 'user-history' }).click();
    await expect.poll(() => desk.locator('.desk-message').count()).toBe(30);
    await desk.getByRole('button', { name: 'Load earlier messages' }).click();
    await expect.poll(() => desk.locator('.desk-message').count()).toBe(41);
    expect(await desk.locator('.desk-message').first().innerText()).toContain('Message 0');
    expect(await desk.getByRole('button', { name: 'Load earlier messages' }).count()).toBe(0);
  });

  it('works at 390 px: inbox, then the conversation with a way back', async () => {
    const desk = await openConsole(world, await world.device({ width: 390 }), '/desk', agentLogin);
    await desk.locator('.inbox-item').first().click();
    await desk.getByRole('textbox', { name: 'Reply' }).waitFor();
    expect(await desk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(desk, 'desk-390px');
    await desk.getByRole('button', { name: '← Inbox' }).click();
    await desk.locator('.inbox-item').first().waitFor();
  });

  it('shows an agent of another project none of it', async () => {
    const desk = await openConsole(world, await world.device(), '/desk', outsiderLogin);
    await desk.getByText('Live', { exact: true }).waitFor();
    await desk.getByText('No open conversations').waitFor();
    const visitor = await world.open(await world.device({ user: 'user-secret' }));
    await sendFromWidget(visitor, 'For Acme agents only');
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();
    // Live frames of other projects never reach this agent either.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await desk.locator('.inbox-item').count()).toBe(0);
    const answer = await desk.evaluate(
      async (id) => {
        const bearer = JSON.parse(sessionStorage.getItem('parley:console:bearer') ?? '{}').bearer;
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ query: 'query($id: ID!) { conversation(id: $id) { id } }', variables: { id } }),
        });
        return response.json();
      },
      await conversationOf(visitor),
    );
    expect(answer.errors[0].extensions.name).toBe('NOT_FOUND');
    await screenshot(desk, 'desk-other-project');
  });

  it('is usable with the keyboard alone: sign in, open a conversation, reply', async () => {
    const visitor = await world.open(await world.device({ user: 'user-keys' }));
    await sendFromWidget(visitor, 'Keyboard question');
    await expect.poll(() => conversationOf(visitor)).not.toBeNull();
    const page = await (await world.device()).newPage();
    await page.goto(`${world.server.url}/desk`);
    // The email field has focus on arrival (once the sign-in form has rendered: keys typed before then go nowhere).
    await page.locator('input[name="email"]:focus').waitFor();
    await page.keyboard.type(agentLogin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(agentLogin.password);
    await page.keyboard.press('Enter');
    const item = page.locator('.inbox-item', { hasText: 'user-keys' });
    await item.waitFor();
    await item.focus();
    await page.keyboard.press('Enter');
    const reply = page.getByRole('textbox', { name: 'Reply' });
    await reply.focus();
    await page.keyboard.type('Answered from the keyboard');
    await page.keyboard.press('Control+Enter');
    await expect.poll(async () => (await widget(visitor).messages.allInnerTexts()).join()).toContain('Answered from the keyboard');
  });

  it('keeps the open conversation on screen when the list shows closed ones', async () => {
    const visitor = await world.open(await world.device({ user: 'user-filter' }));
    await sendFromWidget(visitor, 'Still open');
    const desk = await openConsole(world, await world.device(), '/desk', agentLogin);
    await desk.locator('.inbox-item', { hasText: 'user-filter' }).click();
    await desk.getByRole('textbox', { name: 'Reply' }).waitFor();
    await desk.getByRole('tab', { name: 'Closed' }).click();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await desk.locator('.conversation-head .pill').innerText()).toBe('Open');
    expect(await desk.getByRole('textbox', { name: 'Reply' }).count()).toBe(1);
  });

  it('shows what the visitor wrote while the desk was offline, once it reconnects', async () => {
    const visitor = await world.open(await world.device({ user: 'user-gap' }));
    await sendFromWidget(visitor, 'Before the gap');
    const context = await world.device();
    const network = await cuttableRealtime(context);
    const desk = await openConsole(world, context, '/desk', agentLogin);
    await desk.locator('.inbox-item', { hasText: 'user-gap' }).click();
    await expect.poll(() => desk.locator('.desk-message').count()).toBe(1);
    await network.cut();
    await desk.getByText('Offline — reconnecting').waitFor();
    await sendFromWidget(visitor, 'During the gap');
    await expect.poll(async () => (await widget(visitor).messages.allInnerTexts()).join()).toMatch(/During the gap\s+\d/);
    // More than a page (30) written during the gap: the desk reads back to what it showed, leaving no hole.
    const conversationId = await conversationOf(visitor);
    const agent = await world.agent();
    for (let index = 1; index <= 40; index++) {
      agent.send({ type: 'send', conversationId, clientId: `gap-${index}`, text: `Gap reply ${index}` });
      await agent.next('ack');
    }
    agent.close();
    network.restore();
    await desk.getByText('Live', { exact: true }).waitFor({ timeout: 15_000 });
    await expect.poll(() => desk.locator('.desk-message').count()).toBe(42);
    const texts = await desk.locator('.desk-message').allInnerTexts();
    expect(texts[0]).toContain('Before the gap');
    expect(texts[1]).toContain('During the gap');
    expect(texts.slice(2).map((text) => /Gap reply (\d+)/.exec(text)?.[1])).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 1)));
  });

  it('says what to do after a wrong password', async () => {
    const page = await (await world.device()).newPage();
    await page.goto(`${world.server.url}/desk`);
    await page.getByLabel('Email').fill(agentLogin.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('Wrong email or password');
    await screenshot(page, 'desk-sign-in-error');
  });
});
