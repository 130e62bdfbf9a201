import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseReplayStore, InMemoryReplayStore, type ReplayStore } from '../../src/credentials/index.js';
import { DIALECTS, openTestStore, refuseDeletes, type TestStore } from '../helpers/stores.js';

const kinds = ['memory', ...DIALECTS] as const;

describe.each(kinds)('replay store (%s)', (kind) => {
  let testStore: TestStore | null = null;
  let now = 1_000;
  let store: ReplayStore;
  beforeAll(async () => {
    if (kind === 'memory') {
      store = new InMemoryReplayStore(() => now);
      return;
    }
    testStore = await openTestStore(kind);
    store = new DatabaseReplayStore(testStore.store, () => now);
  });
  afterAll(() => testStore?.dispose());

  it('remembers a set of keys once', async () => {
    expect(await store.rememberOnce(['sig:a', 'jti:a'], now + 90)).toBe(true);
    expect(await store.rememberOnce(['sig:a', 'jti:a'], now + 90)).toBe(false);
    expect(await store.rememberOnce(['sig:other', 'jti:a'], now + 90)).toBe(false);
    expect(await store.rememberOnce(['sig:a'], now + 90)).toBe(false);
  });

  it('claims nothing when one key of the set was seen', async () => {
    expect(await store.rememberOnce(['sig:b'], now + 90)).toBe(true);
    expect(await store.rememberOnce(['sig:c', 'sig:b'], now + 90)).toBe(false);
    expect(await store.rememberOnce(['sig:c'], now + 90)).toBe(true);
  });

  it('lets exactly one of many concurrent presentations through', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => store.rememberOnce(['sig:race', 'jti:race'], now + 90)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('leaves no key of a refused set claimed when sets sharing a key race', async () => {
    const signatures = ['sig:x', 'sig:y', 'sig:z', 'sig:w'];
    const results = await Promise.all(signatures.map((signature) => store.rememberOnce([signature, 'jti:shared'], now + 90)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const refused = signatures.filter((_, index) => !results[index]);
    for (const signature of refused) expect(await store.rememberOnce([signature], now + 90)).toBe(true);
  });

  it.skipIf(kind === 'memory')('answers a refused set false and a claimed one true when deleting keys fails', async () => {
    const database = (testStore as TestStore).store;
    const fresh = new DatabaseReplayStore(database, () => now); // never swept yet: it sweeps after its first claim
    expect(await fresh.rememberOnce(['jti:kept'], now + 90)).toBe(true);
    await refuseDeletes(database, 'used_credentials', true);
    try {
      expect(await fresh.rememberOnce(['sig:refused', 'jti:kept'], now + 90)).toBe(false);
      now += 61; // the next sweep is due, has a key to delete, and fails
      await database.db
        .insertInto('used_credentials')
        .values({ key: 'sig:expired', expires_at: now - 1 })
        .execute();
      expect(await fresh.rememberOnce(['sig:claimed'], now + 90)).toBe(true);
    } finally {
      await refuseDeletes(database, 'used_credentials', false);
    }
  });

  it('forgets a key once its time has passed', async () => {
    expect(await store.rememberOnce(['sig:old'], now + 30)).toBe(true);
    now += 29;
    expect(await store.rememberOnce(['sig:old'], now + 30)).toBe(false);
    now += 2;
    expect(await store.rememberOnce(['sig:old'], now + 30)).toBe(true);
  });
});
