import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './harness/chromium.js';
import { createAgent, openConsole } from './harness/console.js';
import { sendFromWidget, widget, worldForFile } from './harness/world.js';

const world = worldForFile();
let ada: { email: string; password: string };
let bob: { email: string; password: string };
beforeAll(async () => {
  ada = await createAgent(world, world.projectId, 'ada@acme.example', 'Ada Lovelace');
  bob = await createAgent(world, world.projectId, 'bob@acme.example', 'Bob Builder');
}, 60_000);

const item = (desk: Page, text: string) => desk.locator('.inbox-item', { hasText: text });
const badge = (desk: Page, text: string) => item(desk, text).locator('.badge-count');

describe('the desk for a team', { timeout: 90_000 }, () => {
  it('shows two agents unread counts, assignment and names live, and the same unread on every device', async () => {
    const adaDesk = await openConsole(world, await world.device(), '/desk', ada);
    const bobDesk = await openConsole(world, await world.device(), '/desk', bob);
    for (const desk of [adaDesk, bobDesk]) await desk.getByText('Live', { exact: true }).waitFor();

    const visitor = await world.open(await world.device({ user: 'user-team' }));
    await sendFromWidget(visitor, 'My order **42** is late');
    for (const desk of [adaDesk, bobDesk]) {
      await expect.poll(() => badge(desk, 'user-team').innerText()).toMatch(/^1\s+unread$/);
      await expect.poll(() => desk.title()).toBe('(1) Parley desk');
    }
    // A visitor's markdown is shown as written; the preview is one plain line.
    expect(await item(adaDesk, 'user-team').locator('.preview').innerText()).toBe('My order **42** is late');

    await item(adaDesk, 'user-team').click();
    await expect.poll(() => adaDesk.title()).toBe('Parley desk');
    await adaDesk.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => item(bobDesk, 'user-team').locator('.assignee').innerText()).toContain('Ada Lovelace');
    expect(await badge(bobDesk, 'user-team').count()).toBe(1); // Ada's reading is hers only

    await adaDesk.getByRole('textbox', { name: 'Reply' }).fill('Hi! I am **on it**: [tracking](https://carrier.example/t/42)');
    await adaDesk.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => adaDesk.locator('.desk-message.agent .meta').first().innerText()).toContain('Ada Lovelace');
    // Bob: Ada's reply is new to him, its preview plain text; Ada: her own reply is never unread.
    await expect.poll(() => badge(bobDesk, 'user-team').innerText()).toMatch(/^2\s+unread$/);
    await expect.poll(() => item(bobDesk, 'user-team').locator('.preview').innerText()).toBe('Hi! I am on it: tracking');
    expect(await badge(adaDesk, 'user-team').count()).toBe(0);
    await expect.poll(() => widget(visitor).messages.allInnerTexts()).toContainEqual(expect.stringContaining('I am on it'));
    await screenshot(bobDesk, 'desk-team-bob-sees-assignment');

    // Ada's other device: nothing unread there either (the read state is on the server).
    const adaPhone = await openConsole(world, await world.device({ width: 390 }), '/desk', ada);
    await item(adaPhone, 'user-team').waitFor();
    expect(await badge(adaPhone, 'user-team').count()).toBe(0);
    expect(await adaPhone.title()).toBe('Parley desk');

    // Views: the conversation is Ada's, so neither Bob's "Mine" nor "Unassigned" lists it.
    await bobDesk.getByRole('tab', { name: 'Mine' }).click();
    await expect.poll(() => item(bobDesk, 'user-team').count()).toBe(0);
    await bobDesk.getByRole('tab', { name: 'Unassigned' }).click();
    await expect.poll(() => item(bobDesk, 'user-team').count()).toBe(0);
    await adaDesk.getByRole('tab', { name: 'Mine' }).click();
    await item(adaDesk, 'user-team').waitFor();
    await bobDesk.getByRole('tab', { name: 'All' }).click();
    await item(bobDesk, 'user-team').click();
    await expect.poll(() => bobDesk.locator('.desk-message.agent .meta').first().innerText()).toContain('Ada Lovelace');
    await expect.poll(() => badge(bobDesk, 'user-team').count()).toBe(0);
    await expect.poll(() => bobDesk.title()).toBe('Parley desk');
    await screenshot(adaDesk, 'desk-team-ada-mine');
    await screenshot(adaPhone, 'desk-team-ada-390px');
  });

  it('asks before closing, reopens, and keeps the visitor panel behind a button on a phone', async () => {
    const visitor = await world.open(await world.device({ user: 'user-close' }));
    await sendFromWidget(visitor, 'Please close this when done');
    const desk = await openConsole(world, await world.device({ width: 390 }), '/desk', bob);
    await item(desk, 'user-close').click();
    const panel = desk.getByRole('complementary', { name: 'Visitor' });
    expect(await panel.isVisible()).toBe(false);
    await desk.getByRole('button', { name: 'Visitor' }).click();
    await expect.poll(() => panel.isVisible()).toBe(true);
    await desk.getByRole('button', { name: 'Visitor' }).click();
    // The thread has most of the screen.
    const thread = await desk.locator('.messages').boundingBox();
    expect(thread?.height ?? 0).toBeGreaterThan(400);
    await screenshot(desk, 'desk-phone-thread');

    await desk.getByRole('button', { name: 'Close conversation' }).click();
    await desk.getByText("Close it? The visitor's next message starts a new one.").waitFor();
    await desk.getByRole('button', { name: 'Cancel' }).click();
    expect(await desk.locator('.conversation-head .pill').innerText()).toBe('Open');
    await desk.getByRole('button', { name: 'Close conversation' }).click();
    await desk.getByRole('button', { name: 'Close', exact: true }).click();
    await expect.poll(() => desk.locator('.conversation-head .pill').innerText()).toBe('Closed');
    await screenshot(desk, 'desk-closed');
    await desk.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => desk.locator('.conversation-head .pill').innerText()).toBe('Open');
    await desk.getByRole('textbox', { name: 'Reply' }).waitFor();
  });

  it('shows key hints only where there is a keyboard', async () => {
    const desktop = await openConsole(world, await world.device(), '/desk', bob);
    await item(desktop, 'user-close').click();
    expect(await desktop.getByRole('textbox', { name: 'Reply' }).getAttribute('placeholder')).toMatch(/Ctrl\+Enter|⌘\+Enter/);
    const phone = await world.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const desk = await openConsole(world, phone, '/desk', bob);
    await item(desk, 'user-close').click();
    expect(await desk.getByRole('textbox', { name: 'Reply' }).getAttribute('placeholder')).toBe('Write a reply…');
  });

  it('asks for notification permission on a click only, then notifies a new conversation', async () => {
    const context = await world.device();
    // Headless Chromium shows no notifications: a stand-in records what the desk asks and shows.
    await context.addInitScript(() => {
      const record = window as unknown as { asked: number; shown: { title: string; body: string }[] };
      record.asked = 0;
      record.shown = [];
      class RecordingNotification {
        static permission: NotificationPermission = 'default';
        static async requestPermission() {
          record.asked++;
          RecordingNotification.permission = 'granted';
          return 'granted';
        }
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          record.shown.push({ title, body: options.body });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
    });
    const desk = await openConsole(world, context, '/desk', bob);
    await desk.getByText('Live', { exact: true }).waitFor();
    expect(await desk.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(0);
    await desk.getByRole('button', { name: 'Notifications' }).click();
    expect(await desk.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(1);
    expect(await desk.getByRole('button', { name: 'Notifications' }).getAttribute('aria-pressed')).toBe('true');

    const visitor = await world.open(await world.device({ user: 'user-notify' }));
    await sendFromWidget(visitor, 'Is anyone there?');
    await expect
      .poll(() => desk.evaluate(() => (window as unknown as { shown: unknown[] }).shown))
      .toEqual([{ title: 'New conversation — user-notify', body: 'Is anyone there?' }]);
    await screenshot(desk, 'desk-notifications-on');

    // The choice is remembered; a reload asks nothing.
    await desk.reload();
    await desk.getByText('Live', { exact: true }).waitFor();
    expect(await desk.evaluate(() => (window as unknown as { asked: number }).asked)).toBe(0);
    expect(await desk.getByRole('button', { name: 'Notifications' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('finds a verified user by userId and by a word of a message', async () => {
    const visitor = await world.open(await world.device({ user: 'user-search-9' }));
    await sendFromWidget(visitor, 'The blender makes a strange noise');
    const desk = await openConsole(world, await world.device(), '/desk', bob);
    await item(desk, 'user-search-9').waitFor();
    const box = desk.getByRole('searchbox', { name: 'Search conversations' });
    const listed = () => desk.locator('.inbox-item .who').allInnerTexts();
    await box.fill('search-9');
    await expect.poll(listed).toEqual(['user-search-9']);
    await box.fill('blend');
    await expect.poll(listed).toEqual(['user-search-9']);
    await screenshot(desk, 'desk-search');
    await box.fill('nothing matches this');
    await desk.getByText('Nothing found in this list').waitFor();
    await box.fill('');
    await expect.poll(async () => (await listed()).length).toBeGreaterThan(1);
  });

  it('lets the admin choose the agents of a new project, all of them ticked at first', async () => {
    const admin = await openConsole(world, await world.device(), '/admin');
    await admin.getByRole('link', { name: '+ New project' }).click();
    await admin.getByText('All 2 agents are ticked').waitFor();
    const adaBox = admin.getByRole('checkbox', { name: 'Ada Lovelace (ada@acme.example)' });
    const bobBox = admin.getByRole('checkbox', { name: 'Bob Builder (bob@acme.example)' });
    expect([await adaBox.isChecked(), await bobBox.isChecked()]).toEqual([true, true]);
    await bobBox.uncheck();
    await admin.getByLabel('Project name').fill('Team project');
    await screenshot(admin, 'admin-new-project-agents');
    await admin.getByRole('button', { name: 'Create project' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Team project' }).waitFor();
    const projectId = decodeURIComponent(new URL(admin.url()).hash.split('/')[2] ?? '');
    const members = await world.server.gql<{ project: { members: { edges: { node: { email: string } }[] } } }>(
      'query($p: ID!) { project(id: $p) { members(first: 10) { edges { node { email } } } } }',
      { p: projectId },
      world.server.admin,
    );
    expect(members.data?.project.members.edges.map((edge) => edge.node.email)).toEqual(['ada@acme.example']);
  });

  it('inserts a canned reply the admin added, with / and its shortcut', async () => {
    const admin = await openConsole(world, await world.device(), '/admin');
    await admin.evaluate((hash) => {
      location.hash = hash;
    }, `#/projects/${world.projectId}/canned-replies`);
    await admin.getByLabel('Shortcut').fill('thanks');
    await admin.getByLabel('Reply', { exact: true }).fill('Thank you for your **patience**!');
    await admin.getByRole('button', { name: 'Add canned reply' }).click();
    await admin.getByText('Agents can now type /thanks in the desk.').waitFor();
    await admin.getByRole('listitem', { name: '/thanks' }).waitFor();
    await screenshot(admin, 'admin-canned-replies');

    const visitor = await world.open(await world.device({ user: 'user-canned' }));
    await sendFromWidget(visitor, 'Still waiting');
    const desk = await openConsole(world, await world.device(), '/desk', ada);
    await item(desk, 'user-canned').click();
    const reply = desk.getByRole('textbox', { name: 'Reply' });
    await reply.fill('/th');
    const picker = desk.getByRole('listbox', { name: 'Canned replies' });
    await expect.poll(() => picker.getByRole('option').allInnerTexts()).toEqual([expect.stringContaining('/thanks')]);
    await screenshot(desk, 'desk-canned-picker');
    await reply.press('Enter');
    expect(await reply.inputValue()).toBe('Thank you for your **patience**!');
    await desk.getByRole('button', { name: 'Send reply' }).click();
    await expect
      .poll(() => widget(visitor).messages.allInnerTexts())
      .toContainEqual(expect.stringContaining('Thank you for your patience!'));
  });

  it('lets an agent rename themselves from the top bar: their next reply carries the new name and initials to the visitor', async () => {
    const carol = await createAgent(world, world.projectId, 'carol@acme.example', 'Carol');
    const desk = await openConsole(world, await world.device(), '/desk', carol);
    await desk.getByRole('button', { name: 'Your name: Carol. Change it' }).click();
    const field = desk.getByLabel('Your name, shown on your replies');
    await field.fill('Carol \u202Eevil');
    await desk.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => desk.getByRole('alert').innerText()).toContain('displayName: use at most 80 visible characters');
    await field.fill('Carol Danvers');
    await desk.getByRole('button', { name: 'Save' }).click();
    await desk.getByRole('button', { name: 'Your name: Carol Danvers. Change it' }).waitFor();

    const visitor = await world.open(await world.device({ user: 'user-rename' }));
    await sendFromWidget(visitor, 'Hello, anyone?');
    await item(desk, 'user-rename').click();
    await desk.getByRole('textbox', { name: 'Reply' }).fill('Hi, Carol here.');
    await desk.getByRole('button', { name: 'Send reply' }).click();
    await expect.poll(() => desk.locator('.desk-message.agent .meta .avatar').last().innerText()).toBe('CD');
    await expect.poll(() => visitor.locator('parley-widget .message.agent .author').last().textContent()).toBe('CDCarol Danvers');
    await screenshot(desk, 'desk-renamed-agent');
    await screenshot(visitor, 'widget-renamed-agent');
  });
});
