import { describe, expect, it } from 'vitest';
import { tagPage } from './harness/brand-site.js';
import { consoleOf, screenshot } from './harness/chromium.js';
import { conversationOf, sendFromWidget, statusOf, widget, withSdk, worldForFile } from './harness/world.js';

const world = worldForFile();

type Result = { authentication: { status: string; reason?: string; code?: string } };

describe('activate() in Chromium, through the script tag', { timeout: 60_000 }, () => {
  it('succeeds with the brand token: AUTHENTICATED, the widget shows with the "signed in" notice', async () => {
    const device = await world.device({ user: 'alice' });
    const page = await world.open(device);
    expect(await page.evaluate(() => (window as unknown as { activation: Result }).activation)).toMatchObject({
      authentication: { status: 'authentication-success', option: { type: 'SECURED_AUTHENTICATION' } },
    });
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    await widget(page).launcher.click();
    await expect.poll(() => widget(page).notice.textContent()).toContain('You are signed in');
    await screenshot(page, 'activation-signed-in');
    await device.close();
  });

  const failures: [string, string, string, string][] = [
    [
      'the provider answers no valid option',
      '() => ({ authenticationOption: { type: "PASSWORD" } })',
      'INVALID_OPTION',
      'A valid authentication option must be provided',
    ],
    [
      'the provider throws',
      '() => { throw new Error("backend down"); }',
      'INVALID_OPTION',
      'A valid authentication option must be provided',
    ],
    [
      'the token is not a credential',
      '() => ({ authenticationOption: { type: "SECURED_AUTHENTICATION", token: "not-a-jwe" } })',
      'CREDENTIALS_MALFORMED',
      'Failed to fetch authentication with a server error',
    ],
  ];
  it.each(failures)('fails when %s: %s', async (_, provider, code, reason) => {
    const device = await world.device();
    const page = await world.open(device, { activate: false });
    const result = await withSdk<Result>(page, `(sdk) => sdk.activate(${provider})`);
    expect(result.authentication).toMatchObject({ status: 'authentication-failure', code, reason });
    expect(await statusOf(page)).toBeNull();
    await expect.poll(() => widget(page).launcher.count()).toBe(0);
    // Neither a secured activation nor a provider gave a session: the widget says chat is unavailable.
    await expect.poll(() => widget(page).unavailable.count()).toBe(1);
    await device.close();
  });

  it('fails with the "website not set up" string for an unknown project', async () => {
    const device = await world.device({ user: 'bob' });
    const page = await device.newPage();
    const url = world.site.page(
      '/unknown-project',
      `<!doctype html><script>window.parleyInterface=[];parleyInterface.config={projectId:'prj_doesnotexist'};</script><script src="${world.server.url}/sdk/parley.js"></script>`,
    );
    await page.goto(url);
    const result = await withSdk<Result>(page, '(sdk) => sdk.activate(() => ({ authenticationOption: { type: "ANONYMOUS" } }))');
    expect(result.authentication).toMatchObject({
      status: 'authentication-failure',
      code: 'PROJECT_NOT_FOUND',
      reason: 'Failed to authenticate visitor from credentials : the website is not correctly setup (null)',
    });
    await device.close();
  });

  it('refuses a second activate while one is ongoing, and a second one after success', async () => {
    const device = await world.device({ user: 'carol' });
    const page = await world.open(device, { activate: false });
    const [first, second] = await withSdk<[Result, Result]>(
      page,
      `(sdk) => {
        const slow = () => new Promise((resolve) => setTimeout(() => resolve({ authenticationOption: { type: 'ANONYMOUS' } }), 300));
        return Promise.all([sdk.activate(slow), sdk.activate(slow)]);
      }`,
    );
    expect(first.authentication.status).toBe('authentication-success');
    expect(second.authentication).toMatchObject({ code: 'ACTIVATION_ONGOING', reason: 'An activation is already ongoing' });
    const again = await withSdk<Result>(page, `(sdk) => sdk.activate(() => ({ authenticationOption: { type: 'ANONYMOUS' } }))`);
    expect(again.authentication).toMatchObject({ code: 'ALREADY_ACTIVATED', reason: "Can't activate twice, please logout first" });
    await device.close();
  });

  it('signs in when an anonymous activation is followed by a secured one on the same page', async () => {
    const device = await world.device({ user: 'dave' });
    const page = await world.open(device, { activate: false });
    await withSdk(page, `(sdk) => sdk.activate(() => ({ authenticationOption: { type: 'ANONYMOUS' } }))`);
    expect(await statusOf(page)).toBe('ANONYMOUS');
    const vuid = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':session'))?.[1]);
    const token = await page.evaluate(() => fetch('/parley-token', { method: 'POST' }).then((r) => r.json()));
    const result = await withSdk<Result>(
      page,
      `(sdk) => sdk.activate(() => ({ authenticationOption: { type: 'SECURED_AUTHENTICATION', token: ${JSON.stringify((token as { token: string }).token)} } }))`,
    );
    expect(result.authentication.status).toBe('authentication-success');
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    const after = await page.evaluate(() => Object.entries(localStorage).find(([key]) => key.endsWith(':session'))?.[1]);
    expect(JSON.parse(after ?? '{}').vuid).toBe(JSON.parse(vuid ?? '{}').vuid);
    await device.close();
  });
});

describe('a page written for the iAdvize tag', { timeout: 60_000 }, () => {
  it('works unchanged: iAdvizeInterface.config.sid, the queue and window.iAdvize', async () => {
    const device = await world.device({ user: 'erin' });
    const page = await device.newPage();
    const logs = consoleOf(page);
    const url = world.site.page(
      '/iadvize',
      `<!doctype html><html><head><meta charset="utf-8"><title>Legacy page</title></head><body><h1>Legacy</h1>
<script>
  window.iAdvizeInterface = window.iAdvizeInterface || [];
  iAdvizeInterface.config = { "sid": ${JSON.stringify(world.projectId)}, "lang": "en" };
  iAdvizeInterface.push(function (iAdvize) {
    iAdvize.activate(function () {
      return fetch('/parley-token', { method: 'POST' })
        .then(function (response) { return response.json(); })
        .then(function (body) { return { authenticationOption: { type: 'SECURED_AUTHENTICATION', token: body.token } }; });
    }).then(function (result) { window.legacyResult = result; });
  });
</script>
<script async src="${world.server.url}/sdk/parley.js"></script></body></html>`,
    );
    await page.goto(url);
    await page.waitForFunction(() => (window as { legacyResult?: unknown }).legacyResult !== undefined);
    expect(await page.evaluate(() => (window as unknown as { legacyResult: Result }).legacyResult.authentication.status)).toBe(
      'authentication-success',
    );
    expect(
      await page.evaluate(() =>
        (window as unknown as { iAdvize: { get(name: string): unknown } }).iAdvize.get('visitor:authenticationStatus'),
      ),
    ).toBe('AUTHENTICATED');
    await expect.poll(() => widget(page).launcher.isVisible()).toBe(true);
    expect(logs).toEqual([]);
    await device.close();
  });
});

describe('page setup', { timeout: 60_000 }, () => {
  it('names what to fix when parleyInterface.config is missing, and shows nothing', async () => {
    const device = await world.device();
    const page = await device.newPage();
    const logs = consoleOf(page);
    await page.goto(
      world.site.page(
        '/no-config',
        `<!doctype html><script>window.parleyInterface = [];</script><script src="${world.server.url}/sdk/parley.js"></script>`,
      ),
    );
    await expect.poll(() => logs).toEqual([expect.stringContaining('parleyInterface.config = { projectId')]);
    expect(await page.locator('parley-widget').count()).toBe(0);
    await device.close();
  });

  it('sends window.idzCustomData.extID for an anonymous visitor, shown to agents as unverified', async () => {
    const device = await world.device();
    const page = await world.open(device, { head: '<script>window.idzCustomData = { extID: "crm-4242" };</script>' });
    expect(await statusOf(page)).toBe('ANONYMOUS');
    await sendFromWidget(page, 'Hello from a known customer');
    await expect.poll(() => conversationOf(page)).not.toBeNull();
    const answer = await world.server.gql<{
      conversation: { visitor: { authenticated: boolean; userId: string | null; extId: string | null } };
    }>(
      'query($id: ID!) { conversation(id: $id) { visitor { authenticated userId extId } } }',
      { id: await conversationOf(page) },
      world.server.admin,
    );
    expect(answer.data?.conversation.visitor).toEqual({ authenticated: false, userId: null, extId: 'crm-4242' });
    await device.close();
  });

  it('ignores idzCustomData.extID with a warning for an authenticated visitor', async () => {
    const device = await world.device({ user: 'quinn' });
    const page = await device.newPage();
    const logs = consoleOf(page);
    await page.goto(
      world.site.page(
        '/ext-auth',
        tagPage({
          projectId: world.projectId,
          serverUrl: world.server.url,
          activate: true,
          head: '<script>window.idzCustomData = { extID: "crm-1" };</script>',
        }),
      ),
    );
    await page.waitForFunction(() => (window as { activation?: unknown }).activation !== undefined);
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    expect(logs).toEqual([expect.stringContaining('extId is ignored during an authenticated session')]);
    await device.close();
  });
});
