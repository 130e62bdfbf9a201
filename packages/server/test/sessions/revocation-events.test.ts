import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN_ENV, gql, passwordGrant, securedProject } from '../helpers/graphql.js';
import { DIALECTS } from '../helpers/stores.js';
import { visitorsOf } from '../helpers/visitors.js';

/**
 * Issue 12 review: a revocation told to the realtime gateway before its transaction committed
 * closed the sockets of a session that lived on (the database failed, the transaction rolled back).
 */
describe.each(DIALECTS)('revocation events on %s', (dialect) => {
  let testApp: TestApp;
  let projectId: string;
  const { anonymous } = visitorsOf(
    () => testApp,
    () => projectId,
  );
  beforeAll(async () => {
    testApp = await openTestApp(dialect, { env: ADMIN_ENV });
    const admin = await passwordGrant(testApp.app, ADMIN_ENV.PARLEY_ADMIN_EMAIL, ADMIN_ENV.PARLEY_ADMIN_PASSWORD);
    ({ projectId } = await securedProject(testApp.app, admin, 'Shop'));
  });
  afterAll(() => testApp.dispose());

  it('are told only once the revocation is committed', async () => {
    const { services } = testApp;
    const visitor = await anonymous();
    const told: (readonly string[])[] = [];
    const stop = services.sessions.onRevoked((ids) => told.push(ids));
    try {
      await expect(
        services.store.transaction(async () => {
          await services.sessions.revokeVisitor(visitor.vuid);
          throw new Error('the commit failed');
        }),
      ).rejects.toThrow('the commit failed');
      expect(told).toEqual([]);
      const still = await gql(testApp.app, 'query { visitorSession { vuid } }', {}, visitor.accessToken);
      expect(still.errors).toBeUndefined();
      await services.sessions.revokeVisitor(visitor.vuid);
      expect(told).toHaveLength(1);
    } finally {
      stop();
    }
  });
});
