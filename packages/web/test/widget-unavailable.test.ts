import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DOCUMENTED_PROVIDER } from './harness/brand-site.js';
import { consoleOf, screenshot } from './harness/chromium.js';
import { statusOf, widget, withSdk, worldForFile } from './harness/world.js';

const world = worldForFile();

type Result = { authentication: { status: string; code?: string } };
const activationOf = (page: Page) => page.evaluate(() => (window as unknown as { activation: Result }).activation);

/** The brand's token endpoint answering `status` with `body` (instead of the brand site's), and the page's console lines. */
const tokenEndpoint = (status: number, body: string, lines: string[][]) => async (page: Page) => {
  lines.push(consoleOf(page));
  await page.route('**/parley-token', (route) => route.fulfill({ status, contentType: 'application/json', body }));
};

describe('a failed activation is never silent', { timeout: 60_000 }, () => {
  it.each([1280, 390])('token endpoint answering 500: "Chat is unavailable", one console warning (%i px wide)', async (width) => {
    const device = await world.device({ user: `ursula-${width}`, width });
    const logs: string[][] = [];
    const page = await world.open(device, { beforeGoto: tokenEndpoint(500, '{"error":"boom"}', logs) });
    expect(await activationOf(page)).toMatchObject({ authentication: { status: 'authentication-failure', code: 'INVALID_OPTION' } });
    const parts = widget(page);
    await expect.poll(() => parts.unavailable.innerText()).toBe('Chat is unavailable — please sign in again');
    expect(await parts.unavailable.getAttribute('role')).toBe('status');
    expect(await parts.launcher.count()).toBe(0);
    const box = await parts.unavailable.boundingBox();
    // In the launcher's corner, inside the window at either width.
    expect(box && box.x + box.width).toBe(width - (width <= 480 ? 16 : 20));
    expect(box?.x).toBeGreaterThanOrEqual(0);
    await screenshot(page, `unavailable-500-${width}`);
    expect(logs[0]).toEqual([
      '[parley] activate() failed: INVALID_OPTION (A valid authentication option must be provided): the provider threw, rejected or gave no valid authenticationOption',
    ]);
    await device.close();
  });

  it('a garbage token: the same notice, one warning that does not hold the token', async () => {
    const device = await world.device({ user: 'victor' });
    const logs: string[][] = [];
    const page = await world.open(device, { beforeGoto: tokenEndpoint(200, '{"token":"garbage-SECRET-0042"}', logs) });
    expect(await activationOf(page)).toMatchObject({ authentication: { code: 'CREDENTIALS_MALFORMED' } });
    await expect.poll(() => widget(page).unavailable.isVisible()).toBe(true);
    expect(logs[0]).toEqual([expect.stringMatching(/^\[parley\] activate\(\) failed: CREDENTIALS_MALFORMED \(/)]);
    expect(logs[0]?.join()).not.toContain('SECRET');
    await device.close();
  });

  it('in French for a French browser; dismissed, then gone once an activation succeeds', async () => {
    const device = await world.device({ user: 'wanda', locale: 'fr-FR' });
    const logs: string[][] = [];
    const page = await world.open(device, { beforeGoto: tokenEndpoint(500, '{}', logs) });
    const parts = widget(page);
    await expect.poll(() => parts.unavailable.innerText()).toBe('Le chat est indisponible. Veuillez vous reconnecter.');
    expect(await parts.unavailable.locator('.dismiss').getAttribute('aria-label')).toBe('Fermer');
    await screenshot(page, 'unavailable-fr');
    await parts.unavailable.locator('.dismiss').click();
    await expect.poll(() => parts.unavailable.count()).toBe(0);
    // The brand's endpoint is back: the page activates again and chat is there.
    await page.unroute('**/parley-token');
    expect((await withSdk<Result>(page, `(sdk) => sdk.activate(${DOCUMENTED_PROVIDER})`)).authentication.status).toBe(
      'authentication-success',
    );
    await expect.poll(() => parts.launcher.isVisible()).toBe(true);
    expect(await parts.unavailable.count()).toBe(0);
    expect(logs[0]).toHaveLength(1);
    await device.close();
  });

  it('stays hidden with showUnavailable: false, and still warns once', async () => {
    const device = await world.device({ user: 'xavier' });
    const logs: string[][] = [];
    const page = await world.open(device, { config: { showUnavailable: false }, beforeGoto: tokenEndpoint(500, '{}', logs) });
    expect(await activationOf(page)).toMatchObject({ authentication: { code: 'INVALID_OPTION' } });
    // Give the widget the time to render anything it would.
    await page.waitForTimeout(300);
    expect(await page.locator('parley-widget .root').evaluate((root) => root.childElementCount)).toBe(0);
    expect(logs[0]).toHaveLength(1);
    await device.close();
  });

  it('says nothing after a success, and shows nothing for a failed anonymous activation', async () => {
    const signedIn = await world.device({ user: 'yann' });
    const logs: string[][] = [];
    const page = await world.open(signedIn, { beforeGoto: async (p) => void logs.push(consoleOf(p)) });
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    expect(logs[0]).toEqual([]);
    await signedIn.close();

    // A project that refuses anonymous visitors: nobody to sign in again, so nothing to offer.
    const visitor = await world.device();
    const lines: string[][] = [];
    const refused = JSON.stringify({
      data: null,
      errors: [{ message: 'ANONYMOUS_DISABLED', extensions: { name: 'ANONYMOUS_DISABLED', retryPolicy: 'NO_RETRY' } }],
    });
    const other = await world.open(visitor, {
      activate: false,
      beforeGoto: async (p) => {
        lines.push(consoleOf(p));
        await p.route('**/graphql', (route) =>
          route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: refused }),
        );
      },
    });
    const result = await withSdk<Result>(other, '(sdk) => sdk.activate(() => ({ authenticationOption: { type: "ANONYMOUS" } }))');
    expect(result.authentication).toMatchObject({ code: 'ANONYMOUS_DISABLED' });
    await other.waitForTimeout(300);
    expect(await widget(other).unavailable.count()).toBe(0);
    expect(lines[0]).toEqual([expect.stringContaining('activate() failed: ANONYMOUS_DISABLED')]);
    await visitor.close();
  });
});
