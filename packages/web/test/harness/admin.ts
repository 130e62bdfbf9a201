import { createHash, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { keyPath, privateKey } from '@parley/test-vectors';
import { type CreateCredentialsOptions, createCredentials } from '@parley/token';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './chromium.js';
import type { World } from './world.js';

/** The test-vector brand key's public half, as an integrator would paste it. */
export const brandPublicPem = () => readFileSync(keyPath('brand', 'public'), 'utf8');

/** The SHA-256 fingerprint of a public key's DER SPKI, colon-separated hex (as the admin shows it). */
export function fingerprintOf(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return (createHash('sha256').update(der).digest('hex').match(/../g) ?? []).join(':');
}

/** The installation's platform keys, from the API. */
export async function platformKeys(world: World) {
  const answer = await world.server.gql<{
    platformKeys: { kid: string; pem: string; spki: string; jwk: Record<string, unknown>; current: boolean }[];
  }>('{ platformKeys { kid pem spki jwk current } }', {}, world.server.admin);
  return answer.data?.platformKeys ?? [];
}

/** Credentials for `userId`, with the test-vector brand key unless told otherwise, for the current platform key. */
export async function credentialsWith(world: World, options: Partial<CreateCredentialsOptions> & { userId: string }): Promise<string> {
  const current = (await platformKeys(world)).find((key) => key.current);
  if (!current) throw new Error('no current platform key');
  return createCredentials({ brandPrivateKey: privateKey('brand'), platformPublicKey: current.pem, ...options });
}

/** A real visitor attempt (the SDK's mutation), answering the error name or null on success. */
export async function visitorAttempt(world: World, projectId: string, credentials: string): Promise<string | null> {
  const answer = await world.server.gql(
    'mutation($p: ID!, $c: String!) { visitorAuthenticateFromCredentials(input: { projectId: $p, credentials: $c }) { vuid } }',
    { p: projectId, c: credentials },
  );
  return answer.errors?.[0]?.extensions.name ?? null;
}

/** The page's width beyond the viewport, if any (0 = no horizontal scrolling of the page). */
export const horizontalOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** The whole page, not only the viewport (for long admin pages), in test-results/screenshots/. */
export async function fullScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // From the top, so the sticky bar and navigation are drawn where a reader sees them.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true });
}
