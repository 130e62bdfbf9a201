import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/errors.js';
import { Operators } from '../../src/operators/index.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { DIALECTS, openTestStore, TEST_DATABASE_URL, type TestStore } from '../helpers/stores.js';
import { countingHasher, testClock } from './helpers.js';

const PASSWORD = 'a long enough password';
const ROUNDS = 20;

/** Two concurrent updates that each remove one of the last two admins: exactly one may succeed. */
describe.each(DIALECTS)('the last enabled admin under concurrent updates on %s', (dialect) => {
  let testStore: TestStore;
  let secondNode: Store | null = null;
  let ids = 0;
  const clock = testClock();
  const operatorsOn = (store: Store) =>
    new Operators({ store, now: clock.now, newId: () => `op-${dialect}-${++ids}`, passwords: countingHasher() });

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    // PostgreSQL: a second node on the same schema. SQLite is one node: its second "node" is the same store.
    if (testStore.schema) secondNode = await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), schema: testStore.schema });
  });
  afterAll(async () => {
    await secondNode?.close();
    await testStore.dispose();
  });

  const enabledAdmins = async (operators: Operators) =>
    (await operators.list()).filter((operator) => operator.role === 'admin' && !operator.disabled).length;

  /** Rounds of: `admin` and a new admin each remove one of the two concurrently; the survivor is the next round's `admin`. */
  const rounds = async (first: Operators, second: Operators, label: string) => {
    let admin =
      (await first.list()).find((operator) => operator.role === 'admin' && !operator.disabled) ??
      (await first.create({ email: `first-${label}@example.com`, password: PASSWORD, role: 'admin' }));
    for (let round = 0; round < ROUNDS; round++) {
      const other = await first.create({ email: `${label}-${round}@example.com`, password: PASSWORD, role: 'admin' });
      expect(await enabledAdmins(first)).toBe(2);
      // One is demoted with a new password (before the fix, a scrypt sat between check and write); the other demotes or disables itself.
      const outcomes = await Promise.allSettled([
        first.update(other.id, { role: 'agent', password: `${PASSWORD} ${round}` }),
        second.update(admin.id, round % 2 === 0 ? { role: 'agent' } : { disabled: true }),
      ]);
      const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toBeInstanceOf(ApiError);
      expect(refused[0]).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/keep at least one enabled admin/) });
      expect(await enabledAdmins(first)).toBe(1);
      admin = outcomes[0].status === 'fulfilled' ? admin : other;
    }
  };

  it('keeps exactly one when both run on one node', async () => {
    const operators = operatorsOn(testStore.store);
    await rounds(operators, operators, 'node');
  });

  it('keeps exactly one when they run on two nodes', async () => {
    await rounds(operatorsOn(testStore.store), operatorsOn(secondNode ?? testStore.store), 'nodes');
  });
});
