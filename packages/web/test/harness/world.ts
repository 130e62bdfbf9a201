import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type LiveServer, sharedInFile, startLiveServer } from '../../../../test/fixtures/live-server.js';
import { connectRealtime, type RealtimeClient } from '../../../server/test/helpers/realtime.js';
import { type BrandSite, startBrandSite, tagPage } from './brand-site.js';
import { launchChromium } from './chromium.js';

export interface OpenOptions {
  activate?: boolean;
  head?: string;
  path?: string;
  projectId?: string;
  /** The brand site's other origin: `localhost` instead of `127.0.0.1` (same server, another origin for the browser). */
  otherOrigin?: boolean;
  /** Appended to the page's URL (e.g. `?idzconvid=…`). */
  search?: string;
  /** Runs on the new page before it loads (routes, listeners). */
  beforeGoto?: (page: Page) => Promise<void>;
  /** More of `parleyInterface.config` (the widget's `locale`, `strings`, `showUnavailable`). */
  config?: Record<string, unknown>;
}

/** A Parley server, a brand site on another origin and Chromium: what a browser test needs. */
export interface World {
  server: LiveServer;
  site: BrandSite;
  browser: Browser;
  projectId: string;
  /**
   * A new browser profile ("device"): its own localStorage; signed in to the brand as `user` when given; `locale` is the
   * browser's language (`navigator.languages`, en-US unless told).
   */
  device(options?: { user?: string; width?: number; locale?: string }): Promise<BrowserContext>;
  /** Opens the brand's tag page (activating on load with the documented provider unless told otherwise). */
  open(context: BrowserContext, options?: OpenOptions): Promise<Page>;
  /** An agent (the admin) on the realtime channel. */
  agent(): Promise<RealtimeClient>;
  close(): Promise<void>;
}

/** The test file's own world: started in beforeAll (Chromium's start included), closed in afterAll. */
export const worldForFile = (): World => sharedInFile(startWorld, 60_000);

export async function startWorld(): Promise<World> {
  // Webhooks go out as from `parley serve`, to a receiver on 127.0.0.1 too (the admin's webhook tests).
  const server = await startLiveServer({ webhooks: true });
  const projectId = await server.project();
  const site = await startBrandSite((userId) => server.credentials(userId));
  const browser = await launchChromium();
  const agents: RealtimeClient[] = [];
  const siteHost = new URL(site.url).hostname;
  return {
    server,
    site,
    browser,
    projectId,
    async device({ user, width = 1280, locale = 'en-US' } = {}) {
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 800 }, locale });
      // A stuck step fails with its name within 15 s instead of running into the test's timeout.
      context.setDefaultTimeout(15_000);
      if (user) await context.addCookies([{ name: 'brand_user', value: encodeURIComponent(user), domain: siteHost, path: '/' }]);
      return context;
    },
    async open(context, { activate = true, head, path = '/', otherOrigin = false, search = '', beforeGoto, config, ...options } = {}) {
      const html = tagPage({
        projectId: options.projectId ?? projectId,
        serverUrl: server.url,
        activate,
        ...(head ? { head } : {}),
        ...(config ? { config } : {}),
      });
      const url = site.page(path, html);
      const page = await context.newPage();
      await beforeGoto?.(page);
      await page.goto(`${otherOrigin ? url.replace('127.0.0.1', 'localhost') : url}${search}`);
      if (activate) await page.waitForFunction(() => (window as { activation?: unknown }).activation !== undefined);
      return page;
    },
    async agent() {
      const agent = await connectRealtime(server.url, server.admin);
      await agent.next('ready');
      agents.push(agent);
      return agent;
    },
    async close() {
      for (const agent of agents) agent.close();
      await browser.close();
      await site.close();
      await server.close();
    },
  };
}

/** Runs `fn(sdk)` in the page through the tag's queue and answers its result. */
export function withSdk<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate(
    (source) =>
      new Promise<T>((resolve, reject) => {
        (window as unknown as { parleyInterface: unknown[] }).parleyInterface.push((sdk: unknown) => {
          // The tests send the function's source into the page (a function cannot cross the boundary).
          // biome-ignore lint/security/noGlobalEval: test code evaluating the test's own source in the test page
          Promise.resolve(window.eval(`(${source})`)(sdk)).then(resolve, reject);
        });
      }),
    fn,
  );
}

export const statusOf = (page: Page) => withSdk<string | null>(page, "(sdk) => sdk.get('visitor:authenticationStatus')");
export const conversationOf = (page: Page) => withSdk<string | null>(page, "(sdk) => sdk.get('conversation:id')");

/** The widget's parts (Playwright's CSS locators pierce the open shadow root). */
export const widget = (page: Page) => ({
  launcher: page.locator('parley-widget .launcher'),
  panel: page.locator('parley-widget .panel'),
  input: page.locator('parley-widget textarea'),
  messages: page.locator('parley-widget .message, parley-widget .system'),
  badge: page.locator('parley-widget .badge'),
  notice: page.locator('parley-widget .notice'),
  unavailable: page.locator('parley-widget .unavailable'),
});

/** Opens the panel, types and sends a message with the keyboard. */
export async function sendFromWidget(page: Page, text: string): Promise<void> {
  const parts = widget(page);
  if (!(await parts.panel.isVisible())) await parts.launcher.click();
  await parts.input.fill(text);
  await parts.input.press('Enter');
}
