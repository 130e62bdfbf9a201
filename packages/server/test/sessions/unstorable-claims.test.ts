import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const FROM_CREDENTIALS = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!) {
    visitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) { vuid }
  }`;
const TEST = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!) {
    testVisitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials }) { ok reason }
  }`;
const FAILURES = 'query($p: ID!) { authenticationEvents(projectId: $p, outcome: FAILURE) { edges { node { reason userId } } } }';

/**
 * Issue 13: a userId or visitorData field the store cannot keep as written (U+0000, a lone UTF-16
 * surrogate) is refused by the claim checks, before the credentials are consumed, like any other
 * bad claim: with its reason code, logged, and presented again it is refused the same way.
 */
describe.each(DIALECTS)('claims the store cannot keep as written, on %s', (dialect) => {
  let testApp: TestApp;
  let admin: string;
  let projectId: string;

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Unstorable'));
  });
  afterAll(() => testApp.dispose());

  const present = (credentials: string) => gql(testApp.app, FROM_CREDENTIALS, { projectId, credentials });

  it.each([
    ['a userId holding U+0000', 'USER_ID_INVALID', { userId: 'user\u000042' }],
    ['a userId holding a lone high surrogate', 'USER_ID_INVALID', { userId: 'u\ud800' }],
    ['a userId holding a lone low surrogate', 'USER_ID_INVALID', { userId: 'u\udfff' }],
    ['a visitorData field holding U+0000', 'VISITOR_DATA_INVALID', { userId: 'user-7', visitorData: { city: 'Lon\u0000don' } }],
    ['a visitorData field holding a lone surrogate', 'VISITOR_DATA_INVALID', { userId: 'user-7', visitorData: { firstName: 'Ada\udc00' } }],
  ] as const)('refuses %s with %s, logged, without consuming the credentials', async (_what, reason, claims) => {
    const credentials = await brandCredentials(testApp.services, claims);
    const before = await gqlOk<{ authenticationEvents: { edges: unknown[] } }>(testApp.app, FAILURES, { p: projectId }, admin);

    const first = await present(credentials);
    expect(first.data?.visitorAuthenticateFromCredentials ?? null).toBeNull();
    expect(errorName(first)).toBe(reason);
    // Not consumed: the same credentials again fail for the same reason, not as a replay.
    expect(errorName(await present(credentials))).toBe(reason);
    const tested = await gqlOk<{ testVisitorAuthenticateFromCredentials: { ok: boolean; reason: string } }>(
      testApp.app,
      TEST,
      { projectId, credentials },
      admin,
    );
    expect(tested.testVisitorAuthenticateFromCredentials).toEqual({ ok: false, reason });

    const after = await gqlOk<{ authenticationEvents: { edges: { node: { reason: string; userId: string | null } }[] } }>(
      testApp.app,
      FAILURES,
      { p: projectId },
      admin,
    );
    expect(after.authenticationEvents.edges.length - before.authenticationEvents.edges.length).toBe(2);
    expect(after.authenticationEvents.edges[0]?.node).toEqual({ reason, userId: null });
  });

  it('keeps two users whose ids differ only in a lone surrogate apart: neither signs in', async () => {
    for (const userId of ['u\ud800', 'u\udfff', 'u\ud800\ud800'])
      expect(errorName(await present(await brandCredentials(testApp.services, { userId })))).toBe('USER_ID_INVALID');
    // A well-formed id with U+FFFD itself is an ordinary id.
    expect(errorName(await present(await brandCredentials(testApp.services, { userId: 'u\ufffd' })))).toBeUndefined();
  });
});
