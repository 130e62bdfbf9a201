import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveServerForFile } from '../../../test/fixtures/live-server.js';
import { connectRealtime } from '../../server/test/helpers/realtime.js';
import { type PageServer, startPageServer } from './page-server.js';

const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

const server = liveServerForFile();
let site: PageServer;
let browser: Browser;
/** The user the page's backend signs in (each test its own, so conversations do not mix). */
let user = '';

/** The test page with React's development build (StrictMode runs effects twice there). */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('page.tsx', import.meta.url))],
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome100'],
    define: { 'process.env.NODE_ENV': '"development"' },
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output for the test page');
  return output.text;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  site = await startPageServer(await bundlePage(), () => server.credentials(user));
  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    // --no-sandbox: tests run as root in a container, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

interface Opened {
  page: Page;
  /** The page's console errors and warnings and uncaught exceptions. */
  problems: string[];
  close(): Promise<void>;
}

async function open(userId: string): Promise<Opened> {
  user = userId;
  const context = await browser.newContext();
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const search = new URLSearchParams({ projectId: server.projectId, serverUrl: server.url });
  await page.goto(`${site.url}/?${search}`);
  return { page, problems, close: () => context.close() };
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
const messages = (page: Page) => page.getByTestId('message').allTextContents();
const openSockets = (page: Page) => page.evaluate(() => (globalThis as { openSockets?: () => number }).openSockets?.() ?? -1);

async function sendFromPage(page: Page, message: string): Promise<void> {
  await page.getByLabel('Message').fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function agentSay(conversationId: string, message: string): Promise<void> {
  const agent = await connectRealtime(server.url, server.admin);
  await agent.next('ready');
  agent.send({ type: 'send', conversationId, clientId: `agent-${Date.now()}`, text: message });
  await agent.next('ack');
  agent.close();
}

describe('@parley/react in Chromium', { timeout: 60_000 }, () => {
  it('activates once under StrictMode, sends a message and shows an agent reply live', async () => {
    const tokensBefore = site.tokenCalls();
    const { page, problems, close } = await open('react-user-1');

    await expect.poll(() => text(page, 'status')).toBe('AUTHENTICATED');
    expect(await text(page, 'result')).toBe('authentication-success');
    expect(await text(page, 'activating')).toBe('false');
    // StrictMode's double effects share one activation and one Parley object: one token, one socket.
    expect(site.tokenCalls() - tokensBefore).toBe(1);
    await expect.poll(() => openSockets(page)).toBe(1);
    expect(await text(page, 'conversation')).toBe('none');

    await sendFromPage(page, 'Where is my order?');
    await expect.poll(() => messages(page)).toEqual(['Where is my order?']);
    expect(await page.getByTestId('message').getAttribute('data-author')).toBe('visitor');
    await expect.poll(() => page.getByTestId('sending').count()).toBe(0);
    const conversationId = await text(page, 'conversation');
    expect(conversationId).not.toBe('none');

    await agentSay(conversationId, 'It ships today.');
    await expect.poll(() => messages(page)).toEqual(['Where is my order?', 'It ships today.']);
    expect(await page.getByTestId('message').nth(1).getAttribute('data-author')).toBe('agent');
    expect(await text(page, 'error')).toBe('');
    expect(await openSockets(page)).toBe(1);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows a refused send as an error and takes it off the list', async () => {
    const { page, close } = await open('react-user-2');
    await expect.poll(() => text(page, 'status')).toBe('AUTHENTICATED');
    await sendFromPage(page, '   ');
    await expect.poll(() => text(page, 'error')).toContain('TypeError');
    expect(await page.getByTestId('sending').count()).toBe(0);
    expect(await messages(page)).toEqual([]);
    await close();
  });

  it('logout takes the status, the conversation and its messages off the page and closes the socket', async () => {
    const { page, problems, close } = await open('react-user-3');
    await expect.poll(() => text(page, 'status')).toBe('AUTHENTICATED');
    await sendFromPage(page, 'Hello');
    await expect.poll(() => messages(page)).toEqual(['Hello']);

    await page.getByRole('button', { name: 'Log out' }).click();
    await expect.poll(() => text(page, 'status')).toBe('none');
    expect(await text(page, 'result')).toBe('none');
    expect(await messages(page)).toEqual([]);
    expect(await text(page, 'conversation')).toBe('none');
    await expect.poll(() => openSockets(page)).toBe(0);
    await close();
    expect(problems).toEqual([]);
  });

  it('a provider hidden by <Activity> closes its object; shown again, the object activates again and replays the history', async () => {
    const tokensBefore = site.tokenCalls();
    const { page, problems, close } = await open('react-user-4');
    await expect.poll(() => text(page, 'status')).toBe('AUTHENTICATED');
    await sendFromPage(page, 'Before hiding');
    await expect.poll(() => messages(page)).toEqual(['Before hiding']);

    await page.getByRole('button', { name: 'Hide chat' }).click();
    await expect.poll(() => openSockets(page)).toBe(0);
    await page.getByRole('button', { name: 'Show chat' }).click();
    await expect.poll(() => text(page, 'status')).toBe('AUTHENTICATED');
    await expect.poll(() => messages(page)).toEqual(['Before hiding']);
    await expect.poll(() => openSockets(page)).toBe(1);
    expect(site.tokenCalls() - tokensBefore).toBe(2);

    await page.getByRole('button', { name: 'Remove chat' }).click();
    await expect.poll(() => openSockets(page)).toBe(0);
    expect(problems).toEqual([]);
    await close();
  });
});
