import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/open-store.js';
import { WebhookOutbox } from '../../src/webhooks/outbox.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';
import { insertWebhookEndpoint } from '../helpers/webhook-endpoints.js';

const event = (projectId: string) =>
  ({ type: 'user.erased', projectId, orderingKey: null, userId: null, conversationOf: null, data: { projectId } }) as const;

/** The outbox's statement, counted: the store as the outbox sees it, with `db.executeQuery` (its only raw call) counted. */
function counting(store: Store): { store: Store; statements: () => number } {
  let statements = 0;
  const counted: Store = {
    get db() {
      const db = store.db;
      return new Proxy(db, {
        get: (target, name) => {
          if (name === 'executeQuery')
            return (...args: Parameters<typeof db.executeQuery>) => {
              statements++;
              return target.executeQuery(...args);
            };
          const value: unknown = Reflect.get(target, name, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    transaction: (work) => store.transaction(work),
    groupedTransaction: (work) => store.groupedTransaction(work),
    afterCommit: (effect) => store.afterCommit(effect),
    get inTransaction() {
      return store.inTransaction;
    },
    dialect: store.dialect,
    probe: (timeoutMs) => store.probe(timeoutMs),
    close: () => store.close(),
  };
  return { store: counted, statements: () => statements };
}

describe.each(DIALECTS)('the webhook outbox on %s', (dialect) => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
  });
  afterAll(() => testStore.dispose());

  it('costs a project without webhooks no statement on SQLite, where this process alone writes; always asks PostgreSQL', async () => {
    const { store, statements } = counting(testStore.store);
    const outbox = new WebhookOutbox({ store, now: () => new Date(), newId: randomUUID, committed: () => {} });
    await outbox.record([event('p1')]);
    expect(statements()).toBe(dialect === 'sqlite' ? 0 : 1);

    const now = new Date().toISOString();
    await insertWebhookEndpoint(testStore.store, { id: 'e1', projectId: 'p1', eventTypes: ['user.erased'], createdAt: now });
    outbox.endpointsChanged(); // what WebhookEndpoints says after each change it commits
    await outbox.record([event('p1'), event('p2')]);
    const rows = await testStore.store.db.selectFrom('webhook_deliveries').select(['project_id', 'event_type']).execute();
    expect(rows).toEqual([{ project_id: 'p1', event_type: 'user.erased' }]);
    await outbox.record([event('p2')]); // a project without one: still nothing to write
    expect(statements()).toBe(dialect === 'sqlite' ? 1 : 3);
  });
});
