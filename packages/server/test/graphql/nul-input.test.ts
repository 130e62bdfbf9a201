import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';

/**
 * Issue 12, point 8: U+0000 cannot be stored by PostgreSQL, and an id holding one made it fail
 * with an internal error. Every API answers such an id as it answers any unknown id, on both
 * dialects, and a write holding one is invalid input.
 */
describe.each(DIALECTS)('ids and strings holding U+0000 on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Shop'));
  });
  afterAll(() => testApp.dispose());

  it('answers PROJECT_NOT_FOUND for a project id holding U+0000, as for any unknown id', async () => {
    const answer = await gql(testApp.app, 'mutation($p: ID!) { visitorAuthenticateAnonymously(input: { projectId: $p }) { vuid } }', {
      p: `${projectId}\u0000`,
    });
    expect(answer.status).toBe(200);
    expect(errorName(answer)).toBe('PROJECT_NOT_FOUND');
  });

  it('answers NOT_FOUND for a conversation id holding U+0000', async () => {
    const answer = await gql(testApp.app, 'query($id: ID!) { conversation(id: $id) { id } }', { id: 'c\u0000' }, admin);
    expect(errorName(answer)).toBe('NOT_FOUND');
  });

  it('answers invalid_grant for a username and invalid_client for a client_id holding U+0000', async () => {
    const post = (payload: Record<string, string>) => testApp.app.inject({ method: 'POST', url: '/oauth2/token', payload });
    const grant = await post({ grant_type: 'password', username: 'admin@example.com\u0000', password: ADMIN_ENV.PARLEY_ADMIN_PASSWORD });
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'invalid_grant' });
    const client = await post({ grant_type: 'client_credentials', client_id: 'prl\u0000', client_secret: 'x' });
    expect(client.statusCode).toBe(401);
    expect(client.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a cursor holding U+0000 (it would match nothing, a wrong page) as VALIDATION_FAILED', async () => {
    const cursor = Buffer.from(JSON.stringify(['9999', 'z\u0000'])).toString('base64url');
    const answer = await gql(
      testApp.app,
      'query($after: String) { projects(first: 5, after: $after) { edges { node { id } } } }',
      { after: cursor },
      admin,
    );
    expect(errorName(answer)).toBe('VALIDATION_FAILED');
  });

  it('refuses a write holding U+0000 as VALIDATION_FAILED, naming the character', async () => {
    const answer = await gql(
      testApp.app,
      'mutation($n: String!) { projectCreate(input: { name: $n }) { project { id } } }',
      { n: 'Sh\u0000op' },
      admin,
    );
    expect(errorName(answer)).toBe('VALIDATION_FAILED');
    expect(answer.errors?.[0]?.message).toMatch(/U\+0000/);
  });
});
