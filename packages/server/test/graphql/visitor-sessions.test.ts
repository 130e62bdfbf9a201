import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { VisitorAuthentication } from '../../src/sessions/visitor-authentication.js';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, apiKeyBearer, errorName, gql, gqlOk, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS, refuseDeletes } from '../helpers/stores.js';
import { brandCredentials } from '../helpers/visitors.js';

const FROM_CREDENTIALS = /* GraphQL */ `
  mutation($projectId: ID!, $credentials: String!, $currentVuid: String) {
    visitorAuthenticateFromCredentials(input: { projectId: $projectId, credentials: $credentials, currentVuid: $currentVuid }) {
      visitorSessionToken { accessToken } vuid expiresAt
    }
  }`;
const ANONYMOUSLY = /* GraphQL */ `
  mutation($projectId: ID!, $vuid: String) {
    visitorAuthenticateAnonymously(input: { projectId: $projectId, vuid: $vuid }) { visitorSessionToken { accessToken } vuid expiresAt }
  }`;
const SESSION = '{ visitorSession { vuid authenticated userId expiresAt } }';
const LOGOUT = 'mutation { visitorLogout { loggedOut } }';
const REVOKE =
  'mutation($projectId: ID!, $userId: String!) { visitorSessionsRevoke(input: { projectId: $projectId, userId: $userId }) { revokedCount } }';

interface Session {
  accessToken: string;
  vuid: string;
  expiresAt: string;
}

describe.each(DIALECTS)('visitor sessions through GraphQL on %s', (dialect) => {
  let testApp: TestApp;
  let clock = Date.parse('2026-06-01T00:00:00Z');
  let admin: string;
  let projectId: string;
  let brandKeyId: string;

  const credentialsFor = (userId: string) => brandCredentials(testApp.services, { userId, issuedAt: Math.floor(clock / 1000) });
  const signIn = async (userId: string, current: Pick<Session, 'accessToken' | 'vuid'> | null = null): Promise<Session> => {
    const answer = await gql<{
      visitorAuthenticateFromCredentials: { visitorSessionToken: { accessToken: string }; vuid: string; expiresAt: string };
    }>(
      testApp.app,
      FROM_CREDENTIALS,
      { projectId, credentials: await credentialsFor(userId), currentVuid: current?.vuid ?? null },
      current?.accessToken ?? null,
    );
    expect(answer.errors).toBeUndefined();
    const payload = answer.data?.visitorAuthenticateFromCredentials;
    return { accessToken: payload?.visitorSessionToken.accessToken ?? '', vuid: payload?.vuid ?? '', expiresAt: payload?.expiresAt ?? '' };
  };
  const anonymous = async (vuid: string | null = null, bearer: string | null = null): Promise<Session> => {
    const data = await gqlOk<{
      visitorAuthenticateAnonymously: { visitorSessionToken: { accessToken: string }; vuid: string; expiresAt: string };
    }>(testApp.app, ANONYMOUSLY, { projectId, vuid }, bearer);
    const payload = data.visitorAuthenticateAnonymously;
    return { accessToken: payload.visitorSessionToken.accessToken, vuid: payload.vuid, expiresAt: payload.expiresAt };
  };
  const sessionOf = (session: Session) =>
    gql<{ visitorSession: { vuid: string; authenticated: boolean; userId: string | null } }>(testApp.app, SESSION, {}, session.accessToken);

  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV, now: () => new Date(clock) });
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId, brandKeyId } = await securedProject(testApp.app, admin));
  });
  afterAll(() => testApp.dispose());

  it('opens an authenticated session with an EdDSA token carrying aud, sid and the iAdvize claims', async () => {
    const session = await signIn('user-42');
    const [header, claims] = session.accessToken
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    expect(claims).toMatchObject({
      iss: expect.stringMatching(/^urn:parley:installation:[0-9a-f-]{36}$/),
      aud: 'parley:visitor',
      'https://iadvize.com/vuid': session.vuid,
      'https://iadvize.com/websiteId': projectId,
      'https://iadvize.com/authenticated': true,
    });
    expect(typeof claims.sid).toBe('string');
    expect(typeof claims['https://iadvize.com/visitorProfileId']).toBe('string');
    expect(claims.exp - claims.iat).toBe(3600);
    expect(session.expiresAt).toBe(new Date(clock + 3_600_000).toISOString());
    expect((await sessionOf(session)).data?.visitorSession).toMatchObject({ vuid: session.vuid, authenticated: true, userId: 'user-42' });
    // The brand key that verified it is marked used.
    const keys = await gqlOk<{ project: { brandKeys: { edges: { node: { id: string; lastUsedAt: string | null } }[] } } }>(
      testApp.app,
      'query($id: ID!) { project(id: $id) { brandKeys { edges { node { id lastUsedAt } } } } }',
      { id: projectId },
      admin,
    );
    expect(keys.project.brandKeys.edges.find((edge) => edge.node.id === brandKeyId)?.node.lastUsedAt).toBe(new Date(clock).toISOString());
  });

  it('honours a vuid only with its own session token as bearer', async () => {
    const first = await anonymous();
    const second = await anonymous();
    expect(first.vuid).not.toBe(second.vuid);
    expect((await anonymous(first.vuid)).vuid).not.toBe(first.vuid); // no bearer
    expect((await anonymous(first.vuid, second.accessToken)).vuid).not.toBe(first.vuid); // someone else's bearer
    expect((await anonymous(first.vuid, 'not-a-token')).vuid).not.toBe(first.vuid); // garbage bearer is ignored, not an error
    const resumed = await anonymous(first.vuid, first.accessToken);
    expect(resumed.vuid).toBe(first.vuid);
    // The replaced session is over; the new one works.
    expect(errorName(await sessionOf(first))).toBe('VISITOR_SESSION_EXPIRED');
    expect((await sessionOf(resumed)).data?.visitorSession.authenticated).toBe(false);
    // Nobody can merge another browser's visitor into their sign-in by naming its vuid.
    const stolen = await signIn('mallory', { accessToken: second.accessToken, vuid: resumed.vuid });
    expect(stolen.vuid).not.toBe(resumed.vuid);
  });

  it('lets exactly one of concurrent requests with the same proof continue the vuid', async () => {
    const visitor = await anonymous();
    const racers = await Promise.all(Array.from({ length: 10 }, () => anonymous(visitor.vuid, visitor.accessToken)));
    expect(racers.filter((racer) => racer.vuid === visitor.vuid)).toHaveLength(1);
  });

  it('ends every other session of the browser at sign-in, so none continues on the user profile', async () => {
    const visitor = await anonymous();
    const continued = await anonymous(visitor.vuid, visitor.accessToken);
    const signedIn = await signIn('user-race', continued);
    expect(signedIn.vuid).toBe(visitor.vuid);
    for (const old of [visitor, continued]) {
      expect(errorName(await sessionOf(old))).toBe('VISITOR_SESSION_EXPIRED');
      expect((await anonymous(old.vuid, old.accessToken)).vuid).not.toBe(visitor.vuid);
    }
  });

  it('signs in over an anonymous session: same vuid, the anonymous session revoked', async () => {
    const visitor = await anonymous();
    const signedIn = await signIn('user-7', visitor);
    expect(signedIn.vuid).toBe(visitor.vuid);
    expect(errorName(await sessionOf(visitor))).toBe('VISITOR_SESSION_EXPIRED');
    // Re-verification as the same user keeps the vuid; as another user, a fresh one.
    const again = await signIn('user-7', signedIn);
    expect(again.vuid).toBe(signedIn.vuid);
    const other = await signIn('user-8', again);
    expect(other.vuid).not.toBe(again.vuid);
    expect(errorName(await sessionOf(again))).toBe('VISITOR_SESSION_EXPIRED');
    // An authenticated vuid never continues anonymously.
    expect((await anonymous(other.vuid, other.accessToken)).vuid).not.toBe(other.vuid);
  });

  it('expires sessions exactly, with code 1000, and accepts an expired token as vuid proof for 30 days', async () => {
    const visitor = await anonymous();
    clock += 3_599_000;
    expect((await sessionOf(visitor)).data?.visitorSession.vuid).toBe(visitor.vuid);
    clock += 1_000;
    const expired = await sessionOf(visitor);
    expect(expired.errors?.[0]?.extensions).toEqual({ name: 'VISITOR_SESSION_EXPIRED', code: 1000, retryPolicy: 'RETRY_AFTER_REAUTH' });
    const resumed = await anonymous(visitor.vuid, visitor.accessToken);
    expect(resumed.vuid).toBe(visitor.vuid);
    clock += 31 * 86_400_000;
    expect((await anonymous(resumed.vuid, resumed.accessToken)).vuid).not.toBe(resumed.vuid);
    // Operator bearers last 24 hours: the admin's has expired meanwhile.
    expect(errorName(await gql(testApp.app, '{ viewer { operator { id } } }', {}, admin))).toBe('UNAUTHENTICATED');
    admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
  });

  it('logs out one browser and leaves the other devices signed in', async () => {
    const laptop = await signIn('user-9');
    const phone = await signIn('user-9');
    expect(laptop.vuid).not.toBe(phone.vuid);
    expect(
      (await gqlOk<{ visitorLogout: { loggedOut: boolean } }>(testApp.app, LOGOUT, {}, laptop.accessToken)).visitorLogout.loggedOut,
    ).toBe(true);
    expect(errorName(await sessionOf(laptop))).toBe('VISITOR_SESSION_EXPIRED');
    expect((await sessionOf(phone)).data?.visitorSession.userId).toBe('user-9');
    expect(errorName(await gql(testApp.app, LOGOUT))).toBe('VISITOR_SESSION_EXPIRED');
  });

  it("revokes every session of a user with a project API key (back-channel logout), and only that project's", async () => {
    const apiBearer = await apiKeyBearer(testApp.app, admin, projectId);
    expect(apiBearer.startsWith('prl_api_')).toBe(true);
    const devices = [await signIn('user-10'), await signIn('user-10')];
    const bystander = await signIn('user-11');
    const revoked = await gqlOk<{ visitorSessionsRevoke: { revokedCount: number } }>(
      testApp.app,
      REVOKE,
      { projectId, userId: 'user-10' },
      apiBearer,
    );
    expect(revoked.visitorSessionsRevoke.revokedCount).toBe(2);
    for (const device of devices) expect(errorName(await sessionOf(device))).toBe('VISITOR_SESSION_EXPIRED');
    expect((await sessionOf(bystander)).data?.visitorSession.userId).toBe('user-11');

    const { projectId: otherProject } = await securedProject(testApp.app, admin, 'Other shop');
    const denied = await gql(testApp.app, REVOKE, { projectId: otherProject, userId: 'user-11' }, apiBearer);
    expect(errorName(denied)).toBe('PERMISSION_DENIED');
  });

  it('spends credentials only with the session they open: a failed store leaves them usable, a stored one spends them', async () => {
    const present = (credentials: string, current: Session | null) =>
      gql(testApp.app, FROM_CREDENTIALS, { projectId, credentials, currentVuid: current?.vuid ?? null }, current?.accessToken ?? null);
    const { sessions } = testApp.services;
    const create = sessions.create;
    const failOnce = () => {
      sessions.create = async () => {
        sessions.create = create;
        throw new Error('the database went away');
      };
    };
    // The general path (a proven session to continue) writes through SessionStore.create.
    const first = await signIn('user-13');
    const again = await credentialsFor('user-13');
    failOnce();
    expect(errorName(await present(again, first))).toBe('INTERNAL_ERROR');
    expect((await present(again, first)).errors).toBeUndefined();
    expect(errorName(await present(again, first))).toBe('CREDENTIALS_REPLAYED');
    // A fresh sign-in (no session to continue) writes in one statement: the database refusing its log row spends nothing.
    const fresh = await credentialsFor('user-14');
    const { authLog } = testApp.services;
    const rowOf = authLog.rowOf;
    authLog.rowOf = (attempt) => {
      authLog.rowOf = rowOf;
      return { ...rowOf.call(authLog, attempt), ip_hmac: null as unknown as string }; // NOT NULL: the statement fails
    };
    expect(errorName(await present(fresh, null))).toBe('INTERNAL_ERROR');
    expect((await present(fresh, null)).errors).toBeUndefined();
    expect(errorName(await present(fresh, null))).toBe('CREDENTIALS_REPLAYED');
  });

  it('reads the bearer’s proof only for verified credentials, and counts a brand key used only by a stored sign-in', async () => {
    const signedIn = await signIn('user-15');
    const proofOf = vi.spyOn(VisitorAuthentication.prototype as unknown as { proofOf: () => Promise<unknown> }, 'proofOf');
    try {
      const unknownProject = await gql(
        testApp.app,
        FROM_CREDENTIALS,
        { projectId: 'no-such-project', credentials: await credentialsFor('user-15'), currentVuid: signedIn.vuid },
        signedIn.accessToken,
      );
      expect(errorName(unknownProject)).toBe('PROJECT_NOT_FOUND');
      expect(proofOf).not.toHaveBeenCalled(); // refused before any token is checked, as a rate-limited one is
    } finally {
      proofOf.mockRestore();
    }
    const { store, brandKeys } = testApp.services;
    const lastUsedAt = async () =>
      (await store.db.selectFrom('brand_keys').select('last_used_at').where('id', '=', brandKeyId).executeTakeFirstOrThrow()).last_used_at;
    const credentials = await credentialsFor('user-15');
    await gqlOk(testApp.app, FROM_CREDENTIALS, { projectId, credentials });
    await store.db.updateTable('brand_keys').set({ last_used_at: null }).where('id', '=', brandKeyId).execute();
    (brandKeys as unknown as { lastMarked: Map<string, number> }).lastMarked.clear(); // marks are written once a minute
    expect(errorName(await gql(testApp.app, FROM_CREDENTIALS, { projectId, credentials }))).toBe('CREDENTIALS_REPLAYED');
    expect(await lastUsedAt()).toBeNull();
    await signIn('user-15');
    expect(await lastUsedAt()).not.toBeNull();
  });

  it('stores a sign-in whose sweep of expired single-use keys fails, on the path that continues a session too', async () => {
    const first = await signIn('user-16');
    clock += 61_000; // the sweep is due again
    const { store } = testApp.services;
    await store.db
      .insertInto('used_credentials')
      .values({ key: 'sig:expired-16', expires_at: Math.floor(clock / 1000) - 1 })
      .execute();
    await refuseDeletes(store, 'used_credentials', true);
    try {
      expect((await signIn('user-16', first)).vuid).toBe(first.vuid);
    } finally {
      await refuseDeletes(store, 'used_credentials', false);
    }
  });

  it('refuses a visitor token as an operator bearer and an operator bearer as a visitor token', async () => {
    const visitor = await signIn('user-12');
    expect(errorName(await gql(testApp.app, '{ projects { totalCount } }', {}, visitor.accessToken))).toBe('UNAUTHENTICATED');
    expect(errorName(await gql(testApp.app, SESSION, {}, admin))).toBe('VISITOR_SESSION_EXPIRED');
    expect(decodeJwt(visitor.accessToken).aud).toBe('parley:visitor');
  });
});
