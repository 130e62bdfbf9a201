import { readFileSync } from 'node:fs';
import { keyPath } from '@parley/test-vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const ADD =
  'mutation($id: ID!, $key: String!, $kid: String) { brandKeyAdd(input: { projectId: $id, publicKey: $key, kid: $kid }) { brandKey { id kid } } }';
const REVOKE = 'mutation($id: ID!) { brandKeyRevoke(input: { id: $id }) { brandKey { id revokedAt } } }';
const FROM_CREDENTIALS = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!) {
    visitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) { vuid }
  }`;

/** What the console promises when a brand key is revoked: "credentials it signs are refused from now on". */
describe.each(DIALECTS)('revoking a brand key through the API on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
  });
  afterAll(() => testApp.dispose());

  const signIn = async (projectId: string, userId: string) =>
    gql<{ visitorAuthenticateFromCredentials: { vuid: string } }>(testApp.app, FROM_CREDENTIALS, {
      projectId,
      credentials: await brandCredentials(testApp.services, { userId }),
    });

  it('refuses a second copy of the key, naming the first, so that one revocation stops it', async () => {
    const { projectId, brandKeyId } = await securedProject(testApp.app, admin, 'Copies');
    const brandPem = readFileSync(keyPath('brand', 'public'), 'utf8');
    const copy = await gql(testApp.app, ADD, { id: projectId, key: brandPem, kid: 'copy' }, admin);
    expect(errorName(copy)).toBe('VALIDATION_FAILED');
    expect(copy.errors?.[0]?.message).toMatch(
      new RegExp(`^publicKey: this key is already active in the project as brand key "${brandKeyId}" \\(kid "`),
    );
    // Another key stays active, so the refusal below is the revoked key's, not "no brand key".
    const other = await gqlOk<{ brandKeyAdd: { brandKey: { id: string } } }>(
      testApp.app,
      ADD,
      { id: projectId, key: readFileSync(keyPath('brand-other', 'public'), 'utf8'), kid: null },
      admin,
    );
    expect((await signIn(projectId, 'user-1')).errors).toBeUndefined();

    await gqlOk(testApp.app, REVOKE, { id: brandKeyId }, admin);
    const refused = await signIn(projectId, 'user-2');
    expect(refused.data?.visitorAuthenticateFromCredentials ?? null).toBeNull();
    expect(errorName(refused)).toBe('SIGNATURE_INVALID');
    await gqlOk(testApp.app, REVOKE, { id: other.brandKeyAdd.brandKey.id }, admin);
    expect(errorName(await signIn(projectId, 'user-3'))).toBe('NO_BRAND_KEY');
  });

  /** What another node does when it revokes: this node's copy of the project's keys is not told. */
  const revokeElsewhere = (id: string) =>
    testApp.services.store.db.updateTable('brand_keys').set({ revoked_at: new Date().toISOString() }).where('id', '=', id).execute();
  const rowsOfUser = async (projectId: string, userId: string) => ({
    sessions: await testApp.services.store.db
      .selectFrom('visitor_sessions')
      .select('id')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .execute(),
    events: (
      await testApp.services.store.db
        .selectFrom('authentication_events')
        .select(['outcome', 'reason', 'user_id'])
        .where('project_id', '=', projectId)
        .execute()
    ).filter((event) => event.user_id === userId || event.user_id === null),
  });

  it('refuses at once a key revoked through another node, while this node still holds the keys it read', async () => {
    const { projectId, brandKeyId } = await securedProject(testApp.app, admin, 'Revoked elsewhere');
    await gqlOk(testApp.app, ADD, { id: projectId, key: readFileSync(keyPath('brand-other', 'public'), 'utf8'), kid: null }, admin);
    expect((await signIn(projectId, 'user-1')).errors).toBeUndefined(); // the node now holds the keys
    await revokeElsewhere(brandKeyId);
    expect(errorName(await signIn(projectId, 'user-2'))).toBe('SIGNATURE_INVALID');
    expect(await rowsOfUser(projectId, 'user-2')).toEqual({
      sessions: [],
      events: [{ outcome: 'FAILURE', reason: 'SIGNATURE_INVALID', user_id: null }],
    });
  });

  it('signs in once when another key of the project is revoked elsewhere between the keys’ read and the write', async () => {
    const { projectId } = await securedProject(testApp.app, admin, 'Other key revoked');
    const other = await gqlOk<{ brandKeyAdd: { brandKey: { id: string } } }>(
      testApp.app,
      ADD,
      { id: projectId, key: readFileSync(keyPath('brand-other', 'public'), 'utf8'), kid: null },
      admin,
    );
    expect((await signIn(projectId, 'user-3')).errors).toBeUndefined();
    await revokeElsewhere(other.brandKeyAdd.brandKey.id);
    expect((await signIn(projectId, 'user-4')).errors).toBeUndefined();
    expect(await rowsOfUser(projectId, 'user-4')).toEqual({
      sessions: [expect.anything()],
      events: [{ outcome: 'SUCCESS', reason: null, user_id: 'user-4' }],
    });
  });
});
