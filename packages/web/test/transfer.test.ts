import { beforeAll, describe, expect, it } from 'vitest';
import { tagPage } from './harness/brand-site.js';
import { consoleOf, screenshot } from './harness/chromium.js';
import { conversationOf, sendFromWidget, statusOf, widget, withSdk, worldForFile } from './harness/world.js';

const world = worldForFile();
let projectId: string;
beforeAll(async () => {
  // A brand with two sites: the same host under two origins, both listed (the list enables transfers).
  projectId = await world.server.project({ authenticatedMode: true });
  const origins = [world.site.url, world.site.url.replace('127.0.0.1', 'localhost')];
  await world.server.gql(
    'mutation($p: ID!, $o: [String!]) { projectUpdateAuthentication(input: { projectId: $p, allowedOrigins: $o }) { project { id } } }',
    { p: projectId, o: origins },
    world.server.admin,
  );
}, 60_000);

const otherSite = () => `${world.site.url.replace('127.0.0.1', 'localhost')}/checkout`;

describe('cross-domain transfer (getTransferUrl / idzconvid)', { timeout: 60_000 }, () => {
  it('continues an anonymous conversation on the other origin, strips idzconvid, and refuses a second use', async () => {
    const device = await world.device();
    const page = await world.open(device, { projectId });
    expect(await statusOf(page)).toBe('ANONYMOUS');
    await sendFromWidget(page, 'Question asked on the shop');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const conversationId = await conversationOf(page);

    const transferUrl = await withSdk<string>(page, `(sdk) => sdk.getTransferUrl(${JSON.stringify(otherSite())})`);
    expect(transferUrl).toMatch(/\/checkout\?idzconvid=prl_tr_[\w-]{43}$/);

    const other = await device.newPage();
    const logs = consoleOf(other);
    world.site.page('/checkout', tagPage({ projectId, serverUrl: world.server.url, activate: true }));
    await other.goto(transferUrl);
    await other.waitForFunction(() => (window as { activation?: unknown }).activation !== undefined);
    expect(other.url()).toBe(otherSite());
    await expect.poll(() => conversationOf(other)).toBe(conversationId);
    await widget(other).launcher.click();
    await expect.poll(async () => (await widget(other).messages.allInnerTexts()).join()).toContain('Question asked on the shop');
    await screenshot(other, 'transfer-other-origin');
    expect(logs).toEqual([]);

    // The same link again, in another browser: single use, so a warning and a fresh visitor.
    const stranger = await world.device();
    const replay = await stranger.newPage();
    const replayLogs = consoleOf(replay);
    await replay.goto(transferUrl);
    await replay.waitForFunction(() => (window as { activation?: unknown }).activation !== undefined);
    expect(await statusOf(replay)).toBe('ANONYMOUS');
    expect(await conversationOf(replay)).toBeNull();
    expect(replayLogs).toEqual([expect.stringContaining('idzconvid is not a valid transfer token')]);
    await device.close();
    await stranger.close();
  });

  it('gives the URL unchanged to an authenticated visitor (they sign in on the other site)', async () => {
    const device = await world.device({ user: 'pat' });
    const page = await world.open(device, { projectId });
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    await sendFromWidget(page, 'Signed-in question');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    expect(await withSdk<string>(page, `(sdk) => sdk.getTransferUrl(${JSON.stringify(otherSite())})`)).toBe(otherSite());
    await device.close();
  });
});
