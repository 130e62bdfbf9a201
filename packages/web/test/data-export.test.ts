import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/chromium.js';
import { openConsole } from './harness/console.js';
import { sendFromWidget, worldForFile } from './harness/world.js';

const world = worldForFile();

/** Clicks `trigger` and answers the file the browser downloaded. */
async function downloaded(page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

describe("a conversation's transcript and a user's data, downloaded", { timeout: 90_000 }, () => {
  it('the desk exports a transcript as text and JSON; the admin exports everything about a verified user', async () => {
    const visitor = await world.open(await world.device({ user: 'export-user-7' }));
    await sendFromWidget(visitor, 'Please send me my data');

    const desk = await openConsole(world, await world.device(), '/desk');
    await desk.locator('.inbox-item', { hasText: 'export-user-7' }).click();
    await desk.getByText('Export', { exact: true }).click();
    await screenshot(desk, 'desk-export-menu');
    const text = await downloaded(desk, () => desk.getByRole('button', { name: 'Transcript (Text)' }).click());
    expect(text.name).toMatch(/^conversation-.+\.txt$/);
    expect(text.text).toMatch(/^Conversation \S+ \(open\)\nVisitor: verified user export-user-7 🔒\n/);
    expect(text.text).toMatch(/\] Visitor 🔒: Please send me my data\n$/);
    const json = await downloaded(desk, () => desk.getByRole('button', { name: 'Transcript (JSON)' }).click());
    expect(JSON.parse(json.text)).toMatchObject({ visitor: { userId: 'export-user-7' }, messages: [{ text: 'Please send me my data' }] });

    const admin = await openConsole(world, await world.device(), '/admin');
    await admin.goto(`${world.server.url}/admin#/projects/${world.projectId}/privacy`);
    await admin.getByLabel('userId').fill('export-user-7');
    const exported = await downloaded(admin, () => admin.getByRole('button', { name: 'Download export' }).click());
    expect(exported.name).toBe('parley-user-export-user-7.json');
    expect(JSON.parse(exported.text)).toMatchObject({
      userId: 'export-user-7',
      conversations: [{ messages: [{ text: 'Please send me my data', verified: true }] }],
    });
    await admin.getByText('Downloaded: the profile, 1 conversation(s)').waitFor();
    await screenshot(admin, 'admin-privacy-export');
  });
});
