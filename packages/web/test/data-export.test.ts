import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './harness/chromium.js';
import { openConsole, showHash } from './harness/console.js';
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
    await showHash(admin, `#/projects/${world.projectId}/privacy`);
    await admin.getByLabel('userId', { exact: true }).fill('export-user-7');
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

describe('erasing a user at their request', { timeout: 90_000 }, () => {
  it('the admin erases a verified user after a confirmation; the desk shows "Erased user" live and the words are gone', async () => {
    const visitor = await world.open(await world.device({ user: 'forget-me-9' }));
    await sendFromWidget(visitor, 'My address is 12 Quokka Lane');
    const desk = await openConsole(world, await world.device(), '/desk');
    const row = desk.locator('.inbox-item', { hasText: 'forget-me-9' });
    await row.click();
    await desk.locator('.desk-message', { hasText: 'My address is 12 Quokka Lane' }).waitFor();

    const admin = await openConsole(world, await world.device(), '/admin');
    await showHash(admin, `#/projects/${world.projectId}/privacy`);
    await admin.getByLabel('userId to erase').fill('forget-me-9');
    await admin.getByRole('button', { name: 'Erase user' }).click();
    await admin.getByText('Erase forget-me-9? Their messages, profile and sessions go for good.').waitFor();
    await screenshot(admin, 'admin-erase-confirm');
    await admin.getByRole('button', { name: 'Erase', exact: true }).click();
    await admin
      .getByText('forget-me-9 is erased: sessions ended, profile data deleted, 1 message(s) in 1 conversation(s) replaced.')
      .waitFor();
    await screenshot(admin, 'admin-erase-done');

    // Retention, on the same page: kept after a reload.
    await admin.getByLabel('Closed conversations (days after they closed)').fill('0');
    await admin.getByRole('button', { name: 'Save retention' }).click();
    await admin.getByText('Write a whole number of days from 1 to 3650').waitFor();
    await admin.getByLabel('Closed conversations (days after they closed)').fill('30');
    await admin.getByRole('button', { name: 'Save retention' }).click();
    await admin.getByText('Retention saved.').waitFor();
    await admin.reload();
    await expect.poll(() => admin.getByLabel('Closed conversations (days after they closed)').inputValue()).toBe('30');
    await screenshot(admin, 'admin-retention');

    // Each of those admin actions is in the audit log, with who made it.
    await showHash(admin, `#/audit-log`);
    const rows = admin.locator('.audit-table tbody tr');
    await expect.poll(() => rows.first().innerText()).toMatch(/admin@example\.com\s+projectUpdateRetention\s+Shop/);
    expect(await admin.locator('.audit-table tbody tr', { hasText: 'userErase' }).count()).toBe(1);
    await rows.first().getByText('Show').click();
    expect(JSON.parse(await rows.first().locator('.audit-changes').innerText())).toEqual({
      input: { projectId: world.projectId, conversationRetentionDays: 30, anonymousProfileRetentionDays: null },
    });
    await screenshot(admin, 'admin-audit-log');

    // The desk that had the conversation open follows without a reload.
    await expect.poll(() => desk.locator('.conversation-head h2').innerText()).toBe('Erased user');
    await desk.locator('.visitor-panel', { hasText: "This visitor's data and messages were erased at their request." }).waitFor();
    await desk.locator('.desk-message', { hasText: '[erased at the user’s request]' }).waitFor();
    expect(await desk.getByText('My address is 12 Quokka Lane').count()).toBe(0);
    expect(await desk.locator('.inbox-item', { hasText: 'forget-me-9' }).count()).toBe(0);
    await screenshot(desk, 'desk-erased-user');
  });
});
