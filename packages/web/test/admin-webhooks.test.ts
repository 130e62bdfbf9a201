import type { Locator, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from '../../server/test/helpers/webhook-receiver.js';
import { fullScreenshot, horizontalOverflow } from './harness/admin.js';
import { screenshot } from './harness/chromium.js';
import { openConsole, showHash } from './harness/console.js';
import { worldForFile } from './harness/world.js';

const world = worldForFile();
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver?.close());

/** The delivery rows of an endpoint's log, newest first (the opened details rows left out). */
const rows = (card: Locator) => card.locator('.delivery-table tbody tr:not(.delivery-detail)');
/** Waits as a person watching the page would: the log reads itself again every 2 s while a delivery is due. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 15_000 });
const notice = (card: Locator, text: string) => card.locator('.endpoint-notice', { hasText: text });
const secretShown = async (page: Page) => (await page.locator('[data-secret]').textContent()) ?? '';

/** The endpoints of the world's project, through the API. */
async function endpointsOf(projectId: string) {
  const answer = await world.server.ok<{ project: { webhookEndpoints: { edges: { node: { url: string; eventTypes: string[] } }[] } } }>(
    'query($p: ID!) { project(id: $p) { webhookEndpoints { edges { node { url eventTypes } } } } }',
    { p: projectId },
  );
  return answer.project.webhookEndpoints.edges.map((edge) => edge.node);
}

describe('webhooks in the admin console', { timeout: 120_000 }, () => {
  it('adds an endpoint, sends a signed test event, follows a failure, redelivers, rotates, disables and deletes', async () => {
    const context = await world.device();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.url });
    const admin = await openConsole(world, context, '/admin');
    await showHash(admin, `#/projects/${world.projectId}/webhooks`);
    await admin.getByText('No endpoint yet.').waitFor();
    expect(await admin.locator('.tabs a[aria-current=page]').textContent()).toBe('Webhooks');

    // Adding: what is missing or refused is said under the form, in the server's words for the URL.
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    await eventually(() => admin.getByRole('alert').textContent()).toContain('Write the URL Parley sends the events to');
    await admin.getByLabel('Endpoint URL').fill('http://10.0.0.7/hooks');
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    await eventually(() => admin.getByRole('alert').textContent()).toContain('Tick at least one event type');
    await admin.getByLabel('message.created').check();
    await admin.getByLabel('conversation.created').check();
    await admin.getByRole('button', { name: 'Add endpoint' }).click();
    await eventually(() => admin.getByRole('alert').textContent()).toMatch(
      /10\.0\.0\.7 is a private address.*: correct it and try again\.$/,
    );
    await screenshot(admin, 'admin-webhook-add');
    await admin.getByLabel('Endpoint URL').fill(receiver.url);
    await admin.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret, shown once, copied with its button.
    const card = admin.getByRole('article', { name: receiver.url });
    await card.waitFor();
    const secret = await secretShown(admin);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await admin.getByRole('button', { name: 'Copy signing secret' }).click();
    await admin.getByRole('button', { name: 'Copy signing secret' }).getByText('Copied ✓').waitFor();
    expect(await admin.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await card.getByRole('list', { name: 'Event types' }).innerText()).toMatch(/^conversation\.created\s+message\.created$/);
    await admin.getByRole('button', { name: 'I have stored the secret' }).click();
    expect(await admin.locator('[data-secret]').count()).toBe(0);
    expect(await endpointsOf(world.projectId)).toEqual([{ url: receiver.url, eventTypes: ['conversation.created', 'message.created'] }]);

    // A test event: delivered, signed with that secret, and in the log.
    await card.getByRole('button', { name: 'Send test event' }).click();
    await card.getByText('Test event sent').waitFor();
    const [test] = await receiver.waitFor(1);
    expect(test?.event).toMatchObject({ type: 'webhook.test', data: { projectId: world.projectId, message: 'A test event from Parley.' } });
    expect(new Webhook(secret).verify(test?.body ?? '', test?.headers ?? {})).toEqual(test?.event);
    await rows(card).first().and(card.locator('[data-status=DELIVERED]')).waitFor();
    expect(await rows(card).first().innerText()).toMatch(/webhook\.test\s+✓ Delivered\s+1\s+200\s+\d+ ms\s+—/);
    await fullScreenshot(admin, 'admin-webhooks');

    // Its details: the attempts, the payload exactly as sent.
    await rows(card)
      .first()
      .getByRole('button', { name: /^Details of the webhook\.test delivery/ })
      .click();
    const details = card.locator('tr.delivery-detail').first();
    expect(await details.locator('.attempt-log li').count()).toBe(1);
    expect(await details.locator('.attempt-log li').innerText()).toMatch(/200\s+\d+ ms/);
    expect(JSON.parse(await details.locator('pre.payload').innerText())).toEqual(test?.event);
    expect(await details.locator('code').first().textContent()).toBe(test?.headers['webhook-id']);
    await fullScreenshot(admin, 'admin-webhook-deliveries');

    // The receiver fails: the log shows the 500 and the retry to come, the endpoint says it is failing.
    receiver.answer = () => 500;
    await card.getByRole('button', { name: 'Send test event' }).click();
    await receiver.waitFor(2);
    const failing = rows(card).first();
    await failing.and(card.locator('[data-status=PENDING]')).waitFor();
    await eventually(() => failing.locator('td[data-label="HTTP status"]').textContent()).toBe('500');
    expect(await failing.locator('td[data-label="Next attempt"]').textContent()).not.toBe('—');
    await notice(card, 'Failing since').waitFor();
    await failing.getByRole('button', { name: /^Details/ }).click();
    const failedDetails = card.locator('tr.delivery-detail').first();
    await eventually(() => failedDetails.locator('.attempt-log li').first().innerText()).toMatch(/500\s+\d+ ms\s+answered HTTP 500/);
    await fullScreenshot(admin, 'admin-webhook-failing');

    // Redeliver, once the receiver is fixed: the same webhook-id, delivered, and the endpoint healthy again.
    receiver.answer = () => 200;
    const before = receiver.received.length;
    const failedId = receiver.received[1]?.headers['webhook-id'];
    await failedDetails.getByRole('button', { name: 'Redeliver' }).click();
    await failedDetails.getByText('Sent again: the same webhook-id and body').waitFor();
    await receiver.waitFor(before + 1);
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(failedId);
    await failing.and(card.locator('[data-status=DELIVERED]')).waitFor();
    await eventually(() => notice(card, 'Failing since').count()).toBe(0);

    // Filters.
    const status = card.getByLabel('Status', { exact: true });
    await status.selectOption('PENDING');
    await card.getByText('No delivery has this status').waitFor();
    await status.selectOption('DELIVERED');
    await eventually(() => rows(card).count()).toBe(2);
    await status.selectOption('');
    await eventually(() => rows(card).count()).toBe(2);

    // Rotation: a new secret shown once; both secrets sign meanwhile.
    await card.getByRole('button', { name: `Rotate the secret of ${receiver.url}` }).click();
    await card.getByRole('button', { name: 'Rotate secret', exact: true }).click();
    await card.getByText('The old secret keeps working for 24 hours').waitFor();
    const rotated = await secretShown(admin);
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await screenshot(admin, 'admin-webhook-rotated');
    await admin.getByRole('button', { name: 'I have stored the secret' }).click();
    await card.getByText('The secret before the last rotation also signs each delivery until').waitFor();
    const sent = receiver.received.length;
    await card.getByRole('button', { name: 'Send test event' }).click();
    await receiver.waitFor(sent + 1);
    const afterRotation = receiver.received.at(-1);
    for (const key of [rotated, secret])
      expect(new Webhook(key).verify(afterRotation?.body ?? '', afterRotation?.headers ?? {})).toBeTruthy();

    // Editing the URL and event types; a refused URL says why.
    await card.getByRole('button', { name: 'Edit' }).click();
    await card.getByLabel('Endpoint URL').fill('ftp://example.com/hooks');
    await card.getByRole('button', { name: 'Save endpoint' }).click();
    await eventually(() => card.getByRole('alert').textContent()).toContain('use an https:// URL');
    await card.getByLabel('Endpoint URL').fill(receiver.url);
    await card.getByLabel('conversation.created').uncheck();
    await card.getByLabel('user.erased').check();
    await card.getByRole('button', { name: 'Save endpoint' }).click();
    await eventually(() => card.getByRole('list', { name: 'Event types' }).innerText()).toMatch(/^message\.created\s+user\.erased$/);
    expect(await endpointsOf(world.projectId)).toEqual([{ url: receiver.url, eventTypes: ['message.created', 'user.erased'] }]);

    // 410 Gone: Parley disables the endpoint itself, and says so.
    receiver.answer = () => 410;
    await card.getByRole('button', { name: 'Send test event' }).click();
    await notice(card, 'Disabled automatically on').waitFor();
    expect(await notice(card, 'Disabled automatically on').innerText()).toContain(': the endpoint answered 410 Gone.');
    expect(await card.locator('.endpoint-head .pill').textContent()).toBe('Disabled');
    expect(await card.getByRole('button', { name: 'Send test event' }).isDisabled()).toBe(true);
    await fullScreenshot(admin, 'admin-webhook-disabled');
    receiver.answer = () => 200;
    await card.getByRole('button', { name: 'Enable', exact: true }).click();
    await card.getByText('Enabled: events are sent to it again').waitFor();
    await eventually(() => card.locator('.endpoint-head .pill').textContent()).toBe('Enabled');
    expect(await notice(card, 'Disabled automatically').count()).toBe(0);

    // Disabled by the admin, after a confirmation; enabled again.
    await card.getByRole('button', { name: `Disable endpoint ${receiver.url}` }).click();
    await card.getByRole('button', { name: 'Disable endpoint', exact: true }).click();
    await notice(card, 'Disabled by an admin on').waitFor();
    await card.getByRole('button', { name: 'Enable', exact: true }).click();
    await eventually(() => card.locator('.endpoint-head .pill').textContent()).toBe('Enabled');

    // More than a page of deliveries: "Load more".
    const id = (
      await world.server.ok<{ project: { webhookEndpoints: { edges: { node: { id: string } }[] } } }>(
        'query($p: ID!) { project(id: $p) { webhookEndpoints { edges { node { id } } } } }',
        { p: world.projectId },
      )
    ).project.webhookEndpoints.edges[0]?.node.id;
    for (let index = 0; index < 25; index++)
      await world.server.ok('mutation($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id } } }', { id });
    await card.getByRole('button', { name: 'Refresh' }).click();
    await eventually(() => rows(card).count()).toBe(25);
    const total = Number((await card.getByText(/^\d+ deliveries, showing 25\.$/).textContent())?.split(' ')[0]);
    expect(total).toBeGreaterThan(25);
    await card.getByRole('button', { name: 'Load more' }).click();
    await eventually(() => rows(card).count()).toBe(total);
    expect(await card.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // At 390 px: no horizontal scrolling, the log in cards.
    const phone = await world.device({ width: 390 });
    const small = await openConsole(world, phone, '/admin');
    await showHash(small, `#/projects/${world.projectId}/webhooks`);
    const smallCard = small.getByRole('article', { name: receiver.url });
    await smallCard.getByRole('button', { name: /^Delivery log/ }).click();
    const newest = rows(smallCard).first();
    await newest.waitFor();
    await screenshot(small, 'admin-390-webhooks');
    await newest.getByRole('button', { name: /^Details/ }).click();
    await smallCard.locator('tr.delivery-detail pre.payload').waitFor();
    expect(await horizontalOverflow(small)).toBe(0);
    await newest.evaluate((row) => row.scrollIntoView());
    await screenshot(small, 'admin-390-webhook-deliveries');
    await phone.close();

    // Deleting, after a confirmation.
    await card.getByRole('button', { name: `Delete endpoint ${receiver.url}` }).click();
    await card.getByRole('button', { name: 'Delete endpoint', exact: true }).click();
    await admin.getByText(`Endpoint ${receiver.url} deleted, with its delivery log.`).waitFor();
    await admin.getByText('No endpoint yet.').waitFor();
    expect(await endpointsOf(world.projectId)).toEqual([]);
    await context.close();
  });
});
