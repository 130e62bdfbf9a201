import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keyPath } from '@parley/test-vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInlineVerifier } from '../../src/credentials/verifier.js';
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
  /** Runs before each verification of credentials, as another node's writes would land during it. */
  let duringVerification: (() => Promise<unknown>) | null = null;
  const inline = createInlineVerifier();
  const verifier = {
    verify: async (...args: Parameters<typeof inline.verify>) => {
      await duringVerification?.();
      return inline.verify(...args);
    },
    close: () => inline.close(),
  };

  beforeAll(async () => {
    // Three attempts a minute per (IP, project): a sign-in that verifies again counts once.
    testApp = await openTestApp(dialect, { env: { ...ADMIN_ENV, PARLEY_AUTH_RATE_LIMIT: '3' }, verifier });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
  });
  afterAll(() => testApp.dispose());

  const signIn = async (projectId: string, userId: string, timing: { issuedAt?: number; lifetimeSeconds?: number } = {}) =>
    gql<{ visitorAuthenticateFromCredentials: { vuid: string } }>(testApp.app, FROM_CREDENTIALS, {
      projectId,
      credentials: await brandCredentials(testApp.services, { userId, ...timing }),
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

  /** Adds a key to the project through the API: its record's id. */
  const addKey = async (projectId: string, pem: string) =>
    (await gqlOk<{ brandKeyAdd: { brandKey: { id: string } } }>(testApp.app, ADD, { id: projectId, key: pem, kid: null }, admin))
      .brandKeyAdd.brandKey.id;
  /** A project with a second key (so that revoking the first leaves one), whose keys this node now holds. */
  const projectWithTwoKeys = async (name: string) => {
    const { projectId, brandKeyId } = await securedProject(testApp.app, admin, name);
    const otherKeyId = await addKey(projectId, readFileSync(keyPath('brand-other', 'public'), 'utf8'));
    expect((await signIn(projectId, 'warm')).errors).toBeUndefined();
    return { projectId, brandKeyId, otherKeyId };
  };

  it('refuses at once a key revoked through another node, while this node still holds the keys it read', async () => {
    const { projectId, brandKeyId } = await projectWithTwoKeys('Revoked elsewhere');
    await revokeElsewhere(brandKeyId);
    expect(errorName(await signIn(projectId, 'user-2'))).toBe('SIGNATURE_INVALID');
    expect(await rowsOfUser(projectId, 'user-2')).toEqual({
      sessions: [],
      events: [{ outcome: 'FAILURE', reason: 'SIGNATURE_INVALID', user_id: null }],
    });
  });

  it('signs in once when another key of the project is revoked elsewhere between the keys’ read and the write', async () => {
    const { projectId, otherKeyId } = await projectWithTwoKeys('Other key revoked');
    await revokeElsewhere(otherKeyId);
    expect((await signIn(projectId, 'user-4')).errors).toBeUndefined();
    expect(await rowsOfUser(projectId, 'user-4')).toEqual({
      sessions: [expect.anything()],
      events: [{ outcome: 'SUCCESS', reason: null, user_id: 'user-4' }],
    });
  });

  it('counts an attempt once when the sign-in verifies again', async () => {
    const { projectId, otherKeyId } = await projectWithTwoKeys('Counted once');
    await revokeElsewhere(otherKeyId);
    expect((await signIn(projectId, 'user-5')).errors).toBeUndefined();
    expect((await signIn(projectId, 'user-6')).errors).toBeUndefined(); // the third attempt of the minute
    expect(errorName(await signIn(projectId, 'user-7'))).toBe('RATE_LIMITED');
  });

  it('signs in while keys of the project are revoked elsewhere during every verification', async () => {
    const { projectId } = await securedProject(testApp.app, admin, 'Revoked in bulk');
    const others: string[] = [];
    for (let index = 0; index < 4; index++) {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      others.push(await addKey(projectId, publicKey.export({ type: 'spki', format: 'pem' }).toString()));
    }
    expect((await signIn(projectId, 'warm')).errors).toBeUndefined();
    duringVerification = async () => {
      const next = others.shift();
      if (next) await revokeElsewhere(next);
    };
    try {
      expect((await signIn(projectId, 'user-8')).errors).toBeUndefined();
    } finally {
      duringVerification = null;
    }
    expect(await rowsOfUser(projectId, 'user-8')).toEqual({
      sessions: [expect.anything()],
      events: [{ outcome: 'SUCCESS', reason: null, user_id: 'user-8' }],
    });
  });

  it('answers SIGNATURE_INVALID, as the test mutation does, for expired credentials of a key revoked elsewhere', async () => {
    const { projectId, brandKeyId } = await projectWithTwoKeys('Expired and revoked');
    await revokeElsewhere(brandKeyId);
    const expired = { issuedAt: Math.floor(Date.now() / 1000) - 3600, lifetimeSeconds: 60 };
    expect(errorName(await signIn(projectId, 'user-9', expired))).toBe('SIGNATURE_INVALID');
  });
});
