import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { consoleOf, screenshot } from './harness/chromium.js';
import { cuttableRealtime } from './harness/network-cut.js';
import { conversationOf, sendFromWidget, statusOf, widget, worldForFile } from './harness/world.js';

const world = worldForFile();

let clientIds = 0;
const agentSay = async (conversationId: string, text: string) => {
  const agent = await world.agent();
  const clientId = `agent-${++clientIds}`;
  agent.send({ type: 'send', conversationId, clientId, text });
  await agent.next('ack');
  agent.close();
};

/** The texts of a conversation's messages as the server stored them, in order. */
const storedTexts = async (conversationId: string | null) => {
  const stored = await world.server.gql<{ conversation: { messages: { edges: { node: { text: string } }[] } } }>(
    'query($id: ID!) { conversation(id: $id) { messages(first: 50) { edges { node { text } } } } }',
    { id: conversationId },
    world.server.admin,
  );
  return stored.data?.conversation.messages.edges.map((edge) => edge.node.text);
};

/**
 * Once the first tab's network is back, what it showed of the last user (`gone`) leaves its screen, and the next user's
 * conversation holds only what they send from their own tab.
 */
const expectOnlyTheNextUsersOwn = async (first: Page, gone: string, second: Page, text: string) => {
  await expect.poll(async () => (await texts(first)).join(), { timeout: 10_000 }).not.toContain(gone);
  await sendFromWidget(second, text);
  await expect.poll(() => conversationOf(second)).not.toBeNull();
  expect(await storedTexts(await conversationOf(second))).toEqual([text]);
};

/** The shared computer's next user signs in to the brand, and opens it in another tab (signed in to the chat too). */
const nextUserInAnotherTab = async (device: BrowserContext, user: string) => {
  await device.addCookies([{ name: 'brand_user', value: user, domain: '127.0.0.1', path: '/' }]);
  const tab = await world.open(device, { path: '/other' });
  expect(await statusOf(tab)).toBe('AUTHENTICATED');
  return tab;
};

/** The texts of the widget's message list, in order. */
const texts = (page: import('playwright-core').Page) => widget(page).messages.allInnerTexts();

describe('the widget in a conversation', { timeout: 60_000 }, () => {
  it('shows an agent reply with markdown, and XSS payloads stay inert text', async () => {
    const device = await world.device({ user: 'frank' });
    const page = await world.open(device);
    const logs = consoleOf(page);
    await sendFromWidget(page, 'Hello, where is my order?');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const conversationId = (await conversationOf(page)) as string;

    const payloads = [
      'Sure! **Order #42** ships _today_: track it at [the carrier](https://carrier.example/track?id=42) or `code 42`.',
      '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>',
      '[click me](javascript:window.__xss=3) and [data](data:text/html,<script>window.__xss=4</script>)',
      '**<svg onload="window.__xss=5">** <a href="javascript:window.__xss=6">link</a> <iframe src="javascript:window.__xss=7"></iframe>',
    ];
    for (const text of payloads) await agentSay(conversationId, text);
    await expect.poll(async () => (await texts(page)).length).toBe(5);

    const shadow = page.locator('parley-widget .messages');
    expect(await shadow.locator('strong').first().textContent()).toBe('Order #42');
    expect(await shadow.locator('em').first().textContent()).toBe('today');
    expect(await shadow.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).toEqual([
      'https://carrier.example/track?id=42',
    ]);
    expect(await shadow.locator('img, script, svg:not([aria-hidden]), iframe').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect((await texts(page))[2]).toContain('<img src=x onerror="window.__xss=1">');
    for (const link of await shadow.locator('a').all()) await expect.poll(() => link.getAttribute('rel')).toContain('noopener');
    await screenshot(page, 'conversation-markdown-xss');
    expect(logs).toEqual([]);
    await device.close();
  });

  it('shows when the agent is typing, until the reply arrives', async () => {
    const device = await world.device({ user: 'tess' });
    const page = await world.open(device);
    await sendFromWidget(page, 'Can you check my order?');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const conversationId = (await conversationOf(page)) as string;
    const agent = await world.agent();
    agent.send({ type: 'typing', conversationId, typing: true });
    const typing = page.locator('parley-widget .typing');
    await expect.poll(() => typing.isVisible()).toBe(true);
    expect(await typing.innerText()).toContain('An agent is typing');
    await screenshot(page, 'conversation-agent-typing');
    agent.send({ type: 'send', conversationId, clientId: 'typing-reply', text: 'It left the warehouse this morning.' });
    await expect.poll(() => typing.count()).toBe(0);
    agent.close();
    await device.close();
  });

  it('counts unread agent messages on the launcher while the panel is closed', async () => {
    const device = await world.device({ user: 'gina' });
    const page = await world.open(device);
    await sendFromWidget(page, 'Anyone there?');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    await widget(page).launcher.click(); // closes the panel
    await agentSay((await conversationOf(page)) as string, 'Yes, one moment please.');
    await agentSay((await conversationOf(page)) as string, 'Found it.');
    await expect.poll(() => widget(page).badge.textContent()).toBe('2');
    expect(await widget(page).launcher.getAttribute('aria-label')).toBe('Open chat, 2 unread messages');
    await screenshot(page, 'conversation-unread-badge');
    await widget(page).launcher.click();
    await expect.poll(() => widget(page).badge.count()).toBe(0);
    await device.close();
  });

  it('does not count again, after a page load, what the visitor already read', async () => {
    const device = await world.device({ user: 'gwen' });
    const page = await world.open(device);
    await sendFromWidget(page, 'Hello?');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    await agentSay((await conversationOf(page)) as string, 'Hello Gwen, read while the panel is open.');
    await expect.poll(async () => (await texts(page)).length).toBe(2);
    await page.close();
    // Read is read: the history replayed by the next page load does not count again.
    const next = await world.open(device);
    await expect.poll(() => widget(next).launcher.isVisible()).toBe(true);
    await expect.poll(() => conversationOf(next)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await widget(next).badge.count()).toBe(0);
    await agentSay((await conversationOf(next)) as string, 'One more thing.');
    await expect.poll(() => widget(next).badge.textContent()).toBe('1');
    await device.close();
  });

  it("no longer shows the previous user's conversation once the brand session ended (provider answers 401)", async () => {
    const device = await world.device({ user: 'hank' });
    const page = await world.open(device);
    await sendFromWidget(page, 'My private question');
    await expect.poll(async () => (await texts(page)).join()).toContain('My private question');

    await device.clearCookies(); // the brand session ends: its token endpoint answers 401
    const next = await world.open(device);
    expect(await statusOf(next)).toBe('ANONYMOUS');
    await widget(next).launcher.click();
    await expect.poll(() => texts(next)).toEqual([]);
    expect(await next.locator('parley-widget').innerText()).not.toContain('My private question');
    await screenshot(next, 'conversation-after-brand-logout');
    await device.close();
  });

  it('keeps the history on a second device of the same user', async () => {
    const laptop = await world.device({ user: 'iris' });
    const page = await world.open(laptop);
    await sendFromWidget(page, 'Started on my laptop');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const phone = await world.device({ user: 'iris', width: 390 });
    const mobile = await world.open(phone);
    await widget(mobile).launcher.click();
    await expect.poll(async () => (await texts(mobile)).join()).toContain('Started on my laptop');
    expect(await conversationOf(mobile)).toBe(await conversationOf(page));
    // The whole screen once its opening animation has run.
    await expect.poll(() => widget(mobile).panel.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await screenshot(mobile, 'conversation-390px');
    await laptop.close();
    await phone.close();
  });
});

describe('logout and session expiry', { timeout: 60_000 }, () => {
  it('a logout in one tab logs out the other tabs', async () => {
    const device = await world.device({ user: 'jack' });
    const first = await world.open(device);
    const second = await world.open(device, { path: '/other' });
    await sendFromWidget(second, 'Before I log out');
    expect(await statusOf(second)).toBe('AUTHENTICATED');
    // Read with the panel open: the widget keeps what was seen, for the next page load.
    // The acknowledgement names the conversation. It once never came: the two tabs' activations ended each other's
    // sessions, and a refused re-activation dropped the queued message (fixed in the SDK; realtime-client.test.ts).
    await expect.poll(() => conversationOf(second), { timeout: 10_000 }).not.toBeNull();
    await agentSay((await conversationOf(second)) as string, 'Read with the panel open.');
    await expect.poll(() => second.evaluate(() => localStorage.getItem('parley:read')), { timeout: 10_000 }).toContain('"seq":2');
    // What an earlier widget left: one key per conversation, which no logout removed.
    await second.evaluate(() => localStorage.setItem('parley:read:0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b', '3'));

    await first.evaluate(
      () =>
        new Promise((resolve) =>
          (window as unknown as { parleyInterface: { push(fn: (sdk: { logout(): Promise<void> }) => void): void } }).parleyInterface.push(
            (sdk) => sdk.logout().then(resolve),
          ),
        ),
    );
    await expect.poll(() => statusOf(second)).toBeNull();
    await expect.poll(() => widget(second).launcher.count()).toBe(0);
    expect(await second.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('parley:')))).toEqual([]);
    await device.close();
  });

  it('keeps a message sent while the token endpoint is down during a re-verification, and sends it once it answers', async () => {
    const device = await world.device({ user: 'mona' });
    let endpointDown = false;
    let refused = 0;
    await device.route('**/parley-token', (route) => {
      if (!endpointDown) return route.continue();
      refused++;
      return route.abort('internetdisconnected');
    });
    const page = await world.open(device);
    await sendFromWidget(page, 'Before the revocation');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    endpointDown = true;
    await world.server.gql(
      'mutation($p: ID!, $u: String!) { visitorSessionsRevoke(input: { projectId: $p, userId: $u }) { revokedCount } }',
      { p: world.projectId, u: 'mona' },
      world.server.admin,
    );
    await sendFromWidget(page, 'While the endpoint is down');
    // The re-verification fails, then is tried again after the reconnect backoff (1 s, 2 s, …): the message waits.
    await expect.poll(() => refused, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    expect((await texts(page)).at(-1)).toContain('Sending…');
    endpointDown = false;
    await expect.poll(async () => (await texts(page)).at(-1), { timeout: 20_000 }).toMatch(/While the endpoint is down\n+\d/);
    await device.close();
  });

  it("two tabs of one user, with a slow token endpoint, do not end each other's sessions in turn", async () => {
    const device = await world.device({ user: 'lena' });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // The brand's token endpoint answers in 50 ms and each sign-in reaches its tab 20 ms after the server acted: a tab
    // whose session the other's sign-in ended asks for credentials while the other tab stores its new session.
    await device.route('**/parley-token', async (route) => {
      await pause(50);
      await route.continue();
    });
    await device.route('**/graphql', async (route) => {
      const response = await route.fetch();
      await pause(20);
      await route.fulfill({ response });
    });
    const before = world.site.tokenCalls();
    const first = await world.open(device);
    const second = await world.open(device, { path: '/other' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Two activations, and at most one re-activation of the first tab that finds the second's session and follows it.
    expect(world.site.tokenCalls() - before).toBeLessThanOrEqual(3);
    await sendFromWidget(second, 'From the second tab');
    await sendFromWidget(first, 'From the first tab');
    await expect.poll(() => conversationOf(second), { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => conversationOf(first), { timeout: 10_000 }).toBe(await conversationOf(second));
    expect(world.site.tokenCalls() - before).toBeLessThanOrEqual(3);
    await device.close();
  });

  it("never shows or sends one user's pending message as the next user's, when another tab signs in someone else", async () => {
    const device = await world.device({ user: 'uma' });
    let network: Awaited<ReturnType<typeof cuttableRealtime>> | undefined;
    const first = await world.open(device, {
      beforeGoto: async (page) => {
        network = await cuttableRealtime(page);
      },
    });
    await sendFromWidget(first, 'Hello from Uma');
    await expect.poll(async () => (await texts(first)).join()).toMatch(/Hello from Uma\s+\d/);
    await network?.cut();
    await sendFromWidget(first, 'Uma private: card ending 4242');
    await expect.poll(async () => (await texts(first)).join()).toContain('Sending…');

    const second = await nextUserInAnotherTab(device, 'victor');
    network?.restore();
    await expectOnlyTheNextUsersOwn(first, 'Uma', second, 'Victor here');
    expect((await texts(first)).join()).not.toContain('card ending');
    await device.close();
  });

  it('never sends a message typed before the channel first connected as the user another tab signs in', async () => {
    const device = await world.device({ user: 'wendy' });
    let network: Awaited<ReturnType<typeof cuttableRealtime>> | undefined;
    // The first tab's realtime channel never connects until the network is restored: its message waits in the queue
    // of a channel that has had no `ready` yet.
    const first = await world.open(device, {
      beforeGoto: async (page) => {
        network = await cuttableRealtime(page);
        await network.cut();
      },
    });
    expect(await statusOf(first)).toBe('AUTHENTICATED');
    await sendFromWidget(first, 'Wendy private: card ending 4242');
    await expect.poll(async () => (await texts(first)).join()).toContain('Sending…');

    const second = await nextUserInAnotherTab(device, 'yusuf');
    network?.restore();
    await expectOnlyTheNextUsersOwn(first, 'card ending', second, 'Yusuf here');
    await device.close();
  });

  it('calls the provider again when the session ends, and messages still arrive once', async () => {
    const device = await world.device({ user: 'kate' });
    const page = await world.open(device);
    await sendFromWidget(page, 'Before the revocation');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const conversationId = (await conversationOf(page)) as string;
    const calls = world.site.tokenCalls();

    // The brand's back-channel logout of every session of kate (as on a password change): the SDK re-verifies.
    const revoked = await world.server.gql<{ visitorSessionsRevoke: { revokedCount: number } }>(
      'mutation($p: ID!, $u: String!) { visitorSessionsRevoke(input: { projectId: $p, userId: $u }) { revokedCount } }',
      { p: world.projectId, u: 'kate' },
      world.server.admin,
    );
    expect(revoked.data?.visitorSessionsRevoke.revokedCount).toBeGreaterThan(0);
    await sendFromWidget(page, 'During the re-verification');
    await expect.poll(() => world.site.tokenCalls()).toBeGreaterThan(calls);
    // Stored (acknowledged, no longer "Sending…") before the agent answers, so the order below is the server's.
    await expect.poll(async () => (await texts(page)).at(-1)).toMatch(/During the re-verification\n+\d/);
    await agentSay(conversationId, 'Reply after the re-verification');

    await expect
      .poll(() => texts(page))
      .toEqual([
        expect.stringContaining('Before the revocation'),
        expect.stringContaining('During the re-verification'),
        expect.stringContaining('Reply after the re-verification'),
      ]);
    expect(await storedTexts(conversationId)).toEqual([
      'Before the revocation',
      'During the re-verification',
      'Reply after the re-verification',
    ]);
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    await device.close();
  });
});
