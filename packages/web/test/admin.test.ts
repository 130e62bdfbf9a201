import { hintFor } from '@parley/protocol';
import { privateKey } from '@parley/test-vectors';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installSnippet } from '../src/admin/project/install-snippet.js';
import {
  brandPublicPem,
  credentialsWith,
  fingerprintOf,
  fullScreenshot,
  horizontalOverflow,
  platformKeys,
  visitorAttempt,
} from './harness/admin.js';
import { screenshot } from './harness/chromium.js';
import { createAgent, openConsole } from './harness/console.js';
import { worldForFile } from './harness/world.js';

const world = worldForFile();
// One signed-in admin tab for the desktop scenarios (sign-ins are limited to 10 a minute per user).
let context: BrowserContext;
let page: Page;
/** The project the admin creates in the first scenario. */
let projectId = '';

beforeAll(async () => {
  context = await world.device();
  page = await openConsole(world, context, '/admin');
}, 60_000);
afterAll(() => context?.close());

const checks = () => page.locator('ol.checks > li');

async function debug(token: string): Promise<void> {
  const box = page.getByLabel('Credentials (compact JWE)');
  await box.fill(token);
  // Keyboard only: from the text area to the button, then Enter.
  await box.press('Tab');
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Check credentials');
  await page.keyboard.press('Enter');
  await page.locator('.verdict').waitFor();
}

describe('the admin console at /admin', { timeout: 60_000 }, () => {
  it('configures a project from nothing, then debugs bad and good credentials check by check', async () => {
    // Keyboard only, from the top of the page: Tab reaches the navigation, with a visible focus ring.
    for (let tab = 0; tab < 10; tab++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === '+ New project') break;
    }
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('+ New project');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Give the project a name');
    await page.getByLabel('Project name').fill('Acme web');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { level: 1, name: 'Acme web' }).waitFor();
    projectId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
    expect(projectId).not.toBe('');
    expect(await page.locator('.project-id code').textContent()).toBe(projectId);
    // The new project is in the navigation, selected.
    expect(await page.locator('#admin-nav a[aria-current=page]').textContent()).toContain('Acme web');

    const mode = page.getByRole('switch', { name: 'Authenticated mode' });
    expect(await mode.getAttribute('aria-checked')).toBe('false');
    await mode.click();
    await expect.poll(() => mode.getAttribute('aria-checked')).toBe('true');
    await page.getByText('No active brand key yet').waitFor();
    // Switching it off asks first: every credential would be refused at once.
    await mode.click();
    await page.getByRole('alertdialog', { name: 'Turn authenticated mode off?' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await mode.getAttribute('aria-checked')).toBe('true');

    // A private key is stopped in the browser, with what to do.
    await page.getByLabel('Public key', { exact: true }).fill('-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----');
    await page.getByRole('button', { name: 'Add brand key' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This is a private key: it was not sent');

    const pem = brandPublicPem();
    await page.getByLabel('Public key', { exact: true }).fill(pem);
    await page.getByRole('button', { name: 'Add brand key' }).click();
    const fingerprint = fingerprintOf(pem);
    await page.locator('.key-list .fingerprint', { hasText: fingerprint }).waitFor();
    expect(await page.getByText('No active brand key yet').count()).toBe(0);
    expect(await page.locator('.key-list li').first().textContent()).toContain('Last used never');
    await fullScreenshot(page, 'admin-project-authentication');

    await page.getByRole('link', { name: 'Token debugger' }).click();
    // Right key, wrong issuer: ✗ on the issuer check, with the reason and its hint.
    await debug(await credentialsWith(world, { userId: 'alice', issuer: 'https://evil.example' }));
    expect(await page.locator('.verdict').textContent()).toContain('Refused with ISSUER_MISMATCH');
    const failed = checks().last();
    expect(await failed.getAttribute('data-check')).toBe('issuer');
    expect(await failed.getAttribute('class')).toBe('bad');
    expect(await failed.locator('.check-mark').textContent()).toBe('✗');
    expect(await failed.textContent()).toContain('ISSUER_MISMATCH');
    expect(await failed.locator('.check-hint').textContent()).toBe(hintFor('ISSUER_MISMATCH'));
    const before = await checks().evaluateAll((items) =>
      items.slice(0, -1).map((item) => [item.getAttribute('data-check'), item.className]),
    );
    expect(before.map(([, state]) => state)).toEqual(before.map(() => 'ok'));
    expect(before.map(([name]) => name)).toContain('signature');
    await fullScreenshot(page, 'admin-debugger-bad-issuer');

    // Signed with another brand key: ✗ on the signature.
    await debug(await credentialsWith(world, { userId: 'alice', brandPrivateKey: privateKey('brand-other') }));
    expect(await checks().last().getAttribute('data-check')).toBe('signature');
    expect(await checks().last().locator('.check-hint').textContent()).toBe(hintFor('SIGNATURE_INVALID'));

    // A good token: every check ✓.
    await debug(await world.server.credentials('alice'));
    expect(await page.locator('.verdict').textContent()).toContain('Accepted');
    const marks = await checks().locator('.check-mark').allTextContents();
    expect(marks.length).toBeGreaterThan(10);
    expect(new Set(marks)).toEqual(new Set(['✓']));
    await screenshot(page, 'admin-debugger-good');

    // The install snippet: the SDK reference's tag with this project's id and this server's origin (install-snippet.test.ts).
    await page.getByRole('link', { name: 'Install' }).click();
    const snippet = (await page.locator('pre.snippet').textContent()) ?? '';
    expect(snippet).toBe(installSnippet(projectId, world.server.url));
    await fullScreenshot(page, 'admin-install');
  });

  it('lists a real visitor failure in the log with its reason; the filters work and the chart counts it', async () => {
    const wrongIssuer = await credentialsWith(world, { userId: 'mallory', issuer: 'https://evil.example' });
    expect(await visitorAttempt(world, projectId, wrongIssuer)).toBe('ISSUER_MISMATCH');
    expect(await visitorAttempt(world, projectId, await world.server.credentials('alice'))).toBeNull();

    await page.getByRole('link', { name: 'Authentication log' }).click();
    const rows = page.locator('.log-table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    const failure = page.locator('.log-table tbody tr[data-outcome=FAILURE]');
    expect(await failure.getAttribute('data-reason')).toBe('ISSUER_MISMATCH');
    expect(await failure.textContent()).toContain(hintFor('ISSUER_MISMATCH'));
    expect(await page.locator('.log-table tbody tr[data-outcome=SUCCESS]').textContent()).toContain('alice');

    // The chart: its sentence and its numbers (the SVG's bars carry the same counts).
    const caption = page.locator('figure.chart figcaption');
    await expect.poll(() => caption.textContent()).toContain('Last 24 hours, per hour: 2 attempts, 1 succeeded, 1 failed.');
    expect(await page.locator('figure.chart svg').getAttribute('aria-labelledby')).toBe(await caption.getAttribute('id'));
    expect(await page.locator('figure.chart svg g[data-failure="1"][data-success="1"]').count()).toBe(1);
    await page.getByText('Show the numbers').click();
    expect(await page.locator('.chart-data tbody tr td').allTextContents()).toEqual([expect.any(String), '1', '1']);
    await fullScreenshot(page, 'admin-log');

    const outcome = page.getByLabel('Outcome');
    const reason = page.getByLabel('Reason');
    await outcome.selectOption('FAILURE');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-reason')).toBe('ISSUER_MISMATCH');
    await outcome.selectOption('SUCCESS');
    await expect.poll(() => rows.first().getAttribute('data-outcome')).toBe('SUCCESS');
    expect(await rows.count()).toBe(1);
    await outcome.selectOption('');
    await reason.selectOption('EXPIRED');
    await page.getByText('No attempt matches these filters').waitFor();
    await reason.selectOption('ISSUER_MISMATCH');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-reason')).toBe('ISSUER_MISMATCH');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows.count()).toBe(2);

    await page.getByLabel('Period').selectOption('hour');
    await expect.poll(() => caption.textContent()).toContain('Last hour, per minute: 2 attempts');
  });

  it('creates an API key whose secret is shown once and works, and is gone after a reload', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByText('No API key yet.').waitFor();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secretBox = page.locator('[data-secret]');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent()) ?? '';
    const clientId = (await page.locator('.secret-values code').first().textContent()) ?? '';
    expect(secret.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy client secret' }).waitFor();
    await screenshot(page, 'admin-api-key-secret');
    // The secret works for the client-credentials grant.
    const grant = await fetch(`${world.server.url}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }),
    });
    expect(grant.status).toBe(200);

    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'API keys' }).waitFor();
    await page.locator('.key-list', { hasText: clientId }).waitFor();
    expect(await page.locator('[data-secret]').count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(secret);
  });

  it('shows the platform key as PEM, base64 and JWK, the JWKS URL, and rotates and retires keys', async () => {
    await page.getByRole('link', { name: 'Platform keys' }).click();
    const [current] = await platformKeys(world);
    if (!current) throw new Error('no platform key');
    const card = page.locator(`article.platform-key[data-kid="${current.kid}"]`);
    const text = card.locator('pre');
    expect(await text.textContent()).toBe(current.pem.trim());
    await card.getByRole('button', { name: 'Base64 (SPKI)' }).click();
    expect(await text.textContent()).toBe(current.spki);
    await card.getByRole('button', { name: 'JWK' }).click();
    expect(JSON.parse((await text.textContent()) ?? '')).toEqual(current.jwk);
    expect(await page.locator('main').textContent()).toContain(`${world.server.url}/.well-known/jwks.json`);

    await page.getByRole('button', { name: 'Rotate key' }).click();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await page.getByText('New current key').waitFor();
    const after = await platformKeys(world);
    const fresh = after.find((key) => key.current);
    expect(fresh?.kid).not.toBe(current.kid);
    await expect.poll(() => page.locator('article.platform-key').count()).toBe(2);
    expect(await page.locator('article.platform-key').first().getAttribute('data-kid')).toBe(fresh?.kid);
    expect(await card.textContent()).toContain('Still accepted');
    await fullScreenshot(page, 'admin-platform-keys');

    await card.getByRole('button', { name: `Retire key ${current.kid}` }).click();
    await card.getByRole('button', { name: 'Retire key' }).click();
    await expect.poll(() => page.locator('article.platform-key').count()).toBe(1);
    expect((await platformKeys(world)).map((key) => key.kid)).toEqual([fresh?.kid]);
  });

  it('invites an agent with a project, and disables them', async () => {
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await page.getByLabel('Email').fill('new.agent@example.com');
    await page.getByLabel('First password').fill('short');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('at least 12 characters');
    await page.getByLabel('First password').fill('a long first password');
    await page.getByLabel('Name', { exact: true }).fill('Nadia Agent');
    await page.locator('form .project-checks').getByLabel('Acme web').check();
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByText('new.agent@example.com can now sign in').waitFor();
    const row = page.getByRole('listitem', { name: 'new.agent@example.com' });
    await expect.poll(() => row.getByLabel('Acme web').isChecked()).toBe(true);
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.locator('.pill.bad', { hasText: 'Disabled' }).waitFor();
    const members = await world.server.gql<{ project: { members: { edges: { node: { email: string; disabled: boolean } }[] } } }>(
      'query($id: ID!) { project(id: $id) { members { edges { node { email displayName disabled } } } } }',
      { id: projectId },
      world.server.admin,
    );
    expect(members.data?.project.members.edges.map((edge) => edge.node)).toEqual([
      { email: 'new.agent@example.com', displayName: 'Nadia Agent', disabled: true },
    ]);
    await fullScreenshot(page, 'admin-agents');
  });

  it('is usable at 390 px: no horizontal overflow, the navigation behind a menu button', async () => {
    const phone = await world.device({ width: 390 });
    const small = await openConsole(world, phone, '/admin');
    const pages = ['authentication', 'debugger', 'log', 'api-keys', 'canned-replies', 'install'].map(
      (section) => `#/projects/${projectId}/${section}`,
    );
    for (const hash of [...pages, '#/platform-keys', '#/agents', '#/new-project']) {
      await small.evaluate((next) => {
        location.hash = next;
      }, hash);
      await small.locator('main h1').first().waitFor();
      await small.waitForLoadState('networkidle');
      expect({ hash, overflow: await horizontalOverflow(small) }).toEqual({ hash, overflow: 0 });
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      if (hash.endsWith('/authentication')) await fullScreenshot(small, 'admin-390-authentication');
      if (hash.endsWith('/log')) await fullScreenshot(small, 'admin-390-log');
      if (hash === '#/platform-keys') await screenshot(small, 'admin-390-platform-keys');
    }
    // The navigation opens from the menu button and closes once a page is chosen.
    const nav = small.locator('#admin-nav');
    expect(await nav.isVisible()).toBe(false);
    await small.getByRole('button', { name: 'Menu' }).click();
    expect(await nav.isVisible()).toBe(true);
    await screenshot(small, 'admin-390-menu');
    await nav.getByRole('link', { name: 'Acme web' }).click();
    await small.getByRole('heading', { level: 1, name: 'Acme web' }).waitFor();
    await expect.poll(() => nav.isVisible()).toBe(false);
    await phone.close();
  });

  it('keeps the page a link chose while the project list was still loading', async () => {
    const racing = await world.device();
    // The admin follows "+ New project" at the moment the project list arrives (before the page
    // has heard of the new address), as a quick click during a slow load does.
    await racing.addInitScript(() => {
      const fetchFirst = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const response = await fetchFirst(input, init);
        if (typeof init?.body !== 'string' || !init.body.includes('projects(first: 100)')) return response;
        const body = await response.json();
        return {
          ok: response.ok,
          status: response.status,
          json: async () => {
            document.querySelector<HTMLAnchorElement>('a.nav-action')?.click();
            return body;
          },
        } as Response;
      };
    });
    const early = await openConsole(world, racing, '/admin');
    await early.locator('#admin-nav .nav-list a').first().waitFor();
    await early.waitForTimeout(200);
    // Without the check of the address bar, the landing default sent the admin to the first project.
    expect(new URL(early.url()).hash).toBe('#/new-project');
    await early.getByRole('button', { name: 'Create project' }).waitFor();
    await racing.close();
  });

  it('tells an agent that the console is for admins, and where to go', async () => {
    const login = await createAgent(world, world.projectId, 'agent@example.com');
    const agentContext = await world.device();
    const agentPage = await openConsole(world, agentContext, '/admin', login);
    await agentPage.getByRole('heading', { name: 'Admins only' }).waitFor();
    expect(await agentPage.locator('main').textContent()).toContain('This console is for admins: ask an admin, or open the desk at /desk');
    expect(await agentPage.getByRole('link', { name: 'Open the desk' }).getAttribute('href')).toBe('/desk');
    expect(await agentPage.locator('#admin-nav').count()).toBe(0);
    await screenshot(agentPage, 'admin-agent');
    await agentContext.close();
  });
});
