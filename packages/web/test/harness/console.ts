import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN } from '../../../../test/fixtures/live-server.js';
import type { World } from './world.js';

/** Opens `/desk` or `/admin` on the Parley server and signs in through the page's form (as the first admin unless told otherwise). */
export async function openConsole(
  world: World,
  context: BrowserContext,
  path: '/desk' | '/admin',
  login: { email: string; password: string } = ADMIN,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${world.server.url}${path}`);
  await page.getByLabel('Email').fill(login.email);
  await page.getByLabel('Password').fill(login.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** An agent who is a member of `projectId` only, created through the API; answers its login. */
export async function createAgent(
  world: Pick<World, 'server'>,
  projectId: string,
  email: string,
  displayName: string | null = null,
): Promise<{ email: string; password: string }> {
  const password = 'agent password 12345';
  const created = await world.server.gql<{ operatorCreate: { operator: { id: string } } }>(
    'mutation($e: String!, $p: String!, $n: String) { operatorCreate(input: { email: $e, password: $p, role: AGENT, displayName: $n }) { operator { id } } }',
    { e: email, p: password, n: displayName },
    world.server.admin,
  );
  const operatorId = created.data?.operatorCreate.operator.id;
  if (!operatorId) throw new Error(`operatorCreate failed: ${JSON.stringify(created.errors)}`);
  await world.server.gql(
    'mutation($p: ID!, $o: ID!) { projectMemberAdd(input: { projectId: $p, operatorId: $o }) { project { id } } }',
    { p: projectId, o: operatorId },
    world.server.admin,
  );
  return { email, password };
}

/**
 * Shows a route of the signed-in console by its hash, as a click on a link would (the page stays: `page.goto` to a
 * new hash may load the page again, and a console that loads again asks to sign in).
 */
export async function showHash(page: Page, hash: string): Promise<void> {
  await page.evaluate((next) => {
    location.hash = next;
  }, hash);
}
