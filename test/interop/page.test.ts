// The integration guide's page (docs/samples/web/page.html) in Debian's Chromium, on a brand origin whose
// token endpoint is the guide's node:http sample: anonymous, signed in (🔒 the same userId), signed out.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keyPath } from '@parley/test-vectors';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveServerForFile } from '../fixtures/live-server.js';
import { sample, startProcess } from './helpers/parley.js';

const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** The brand's origin: the sample pages, everything else (token endpoint, sign-in, sign-out) from the sample backend. */
async function brandOrigin(pages: Record<string, string>, backend: string, onSignOut: () => Promise<void>) {
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    if (request.url === '/sign-out') await onSignOut();
    const page = pages[request.url ?? ''];
    if (page !== undefined && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    let body = '';
    for await (const chunk of request) body += chunk;
    const headers: Record<string, string> = {};
    for (const name of ['cookie', 'content-type']) if (request.headers[name]) headers[name] = String(request.headers[name]);
    const answer = await fetch(`${backend}${request.url}`, {
      method: request.method ?? 'GET',
      headers,
      redirect: 'manual',
      ...(request.method === 'GET' ? {} : { body }),
    });
    const out: Record<string, string> = {};
    for (const name of ['content-type', 'cache-control', 'location', 'set-cookie']) {
      const value = answer.headers.get(name);
      if (value) out[name] = value;
    }
    response.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `visitor:authenticationStatus` once the page's activation has settled (through the page's own queue). */
const statusOf = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        type Queue = { push(fn: (parley: unknown) => void): void };
        const page = globalThis as unknown as { parleyInterface?: Queue; iAdvizeInterface?: Queue };
        const queue = (page.parleyInterface ?? page.iAdvizeInterface) as Queue;
        queue.push((parley) => {
          const sdk = parley as { get(name: string): unknown; on(event: string, cb: (value: unknown) => void): void };
          const now = sdk.get('visitor:authenticationStatus');
          if (now !== null) resolve(now);
          else sdk.on('visitor:authenticationStatusChange', (value) => resolve(value));
        });
      }),
  );

/** The session the SDK keeps in localStorage for the project. */
const storedToken = (page: Page, projectId: string) =>
  page.evaluate((key) => {
    const raw = (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as { token: string }).token;
  }, `parley:${projectId}:session`);

describe('the guide page in Chromium', () => {
  const parley = liveServerForFile();
  let backend: Awaited<ReturnType<typeof startProcess>>;
  let site: Awaited<ReturnType<typeof brandOrigin>>;
  let browser: Browser;
  /** The visitor token the page holds, and what the server said of it when the brand's sign-out arrived. */
  let token: string | null = null;
  let atSignOut: string | undefined;

  beforeAll(async () => {
    backend = await startProcess(
      process.execPath,
      [sample('node/token-endpoint.mjs')],
      { BRAND_PRIVATE_KEY_FILE: keyPath('brand', 'private'), PLATFORM_KEY_FILE: await parley.jwksFile(), PORT: '0', SAMPLE_SIGN_IN: '1' },
      /token endpoint on (http:\/\/\S+)\/parley-token/,
    );
    const pages: Record<string, string> = {};
    for (const [path, file] of [
      ['/', 'web/page.html'],
      ['/iadvize', 'web/iadvize-page.html'],
    ] as const) {
      const html = readFileSync(sample(file), 'utf8');
      expect(html).toMatch(/(projectId|sid): 'YOUR_PROJECT_ID'/);
      expect(html).toContain('src="https://chat.example.com/sdk/parley.js"');
      pages[path] = html.replace('YOUR_PROJECT_ID', parley.projectId).replace('https://chat.example.com', parley.url);
    }
    site = await brandOrigin(pages, backend.match[1] as string, async () => {
      const answer = token ? await parley.gql('{ visitorSession { userId } }', {}, token) : null;
      atSignOut = answer?.errors?.[0]?.extensions.name ?? 'still signed in';
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await backend?.stop();
  });

  it('activates anonymously when signed out, as the user when signed in, and logs out of Parley before the brand', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
    });

    await page.goto(site.url);
    expect(await statusOf(page)).toBe('ANONYMOUS');

    // The brand's sign-in (the sample's stand-in), then the next page load.
    await page.evaluate(() => fetch('/sign-in', { method: 'POST', body: new URLSearchParams({ user: 'ada-7' }) }));
    await page.reload();
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    token = await storedToken(page, parley.projectId);
    expect((await parley.ok('{ visitorSession { userId authenticated } }', {}, token)).visitorSession).toEqual({
      userId: 'ada-7',
      authenticated: true,
    });

    // Sign out: Parley's session is revoked on the server before the brand's sign-out arrives, then the page reloads.
    // The home page's response can arrive before its document commits, when the old document still counts as loaded:
    // wait for the new document's own load event, or the next evaluate runs in a context about to be destroyed.
    const home = page.waitForResponse((response) => response.request().method() === 'GET' && response.url() === `${site.url}/`);
    const loaded = page.waitForEvent('load');
    await page.click('#sign-out button');
    await home; // the brand's sign-out answered with a redirect to its home page
    await loaded;
    expect(atSignOut).toBe('VISITOR_SESSION_EXPIRED');
    const revoked = await parley.gql('{ visitorSession { userId } }', {}, token);
    expect(revoked.errors?.[0]?.extensions.name).toBe('VISITOR_SESSION_EXPIRED');
    expect(await statusOf(page)).toBe('ANONYMOUS');
    expect(await page.evaluate(() => fetch('/parley-token', { method: 'POST' }).then((response) => response.status))).toBe(401);
    expect(warnings.filter((line) => !line.startsWith('Failed to load resource'))).toEqual([]);
    await context.close();
  }, 60_000);

  it('runs a page written for the iAdvize tag unchanged but for sid and the script: window.iAdvize, extID, sign-in', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const warnings: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
    });

    await page.goto(`${site.url}/iadvize`);
    expect(await statusOf(page)).toBe('ANONYMOUS');
    expect(await page.evaluate(() => typeof (globalThis as unknown as { iAdvize?: { activate?: unknown } }).iAdvize?.activate)).toBe(
      'function',
    );
    const anonymous = (await storedToken(page, parley.projectId)) as string;
    const { visitorSession } = await parley.ok<{ visitorSession: { vuid: string } }>('{ visitorSession { vuid } }', {}, anonymous);
    await expect
      .poll(async () => {
        const row = await parley.services.store.db
          .selectFrom('visitors')
          .innerJoin('visitor_profiles', 'visitor_profiles.id', 'visitors.profile_id')
          .select('visitor_profiles.ext_id')
          .where('visitors.vuid', '=', visitorSession.vuid)
          .executeTakeFirst();
        return row?.ext_id;
      })
      .toBe('crm-000123');

    await page.evaluate(() => fetch('/sign-in', { method: 'POST', body: new URLSearchParams({ user: 'grace-3' }) }));
    await page.reload();
    expect(await statusOf(page)).toBe('AUTHENTICATED');
    const signedIn = (await storedToken(page, parley.projectId)) as string;
    expect((await parley.ok('{ visitorSession { userId } }', {}, signedIn)).visitorSession).toEqual({ userId: 'grace-3' });
    // The unverified extID never stands next to a verified user: the SDK says so on the console.
    expect(warnings.filter((line) => !line.startsWith('Failed to load resource'))).toEqual([
      expect.stringContaining('[parley] extId is ignored during an authenticated session'),
    ]);
    await context.close();
  }, 60_000);
});
