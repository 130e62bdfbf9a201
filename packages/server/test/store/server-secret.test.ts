import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSecret } from '../../src/store/server-secret.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

describe.each(DIALECTS)('server secrets on %s', (dialect) => {
  let testStore: TestStore;
  beforeAll(async () => {
    testStore = await openTestStore(dialect);
  });
  afterAll(() => testStore.dispose());

  it('creates a 32-byte secret once and returns the same one afterwards', async () => {
    const first = await serverSecret(testStore.store, 'auth-log-ip');
    expect(first).toHaveLength(32);
    expect(await serverSecret(testStore.store, 'auth-log-ip')).toEqual(first);
    const row = await testStore.store.db
      .selectFrom('parley_meta')
      .select('value')
      .where('key', '=', 'secret:auth-log-ip')
      .executeTakeFirst();
    expect(row?.value).toBe(first.toString('base64'));
  });

  it('gives each name its own secret', async () => {
    const a = await serverSecret(testStore.store, 'one');
    const b = await serverSecret(testStore.store, 'two');
    expect(a.equals(b)).toBe(false);
  });

  it('lets racing nodes agree on one secret', async () => {
    const racers = await Promise.all(Array.from({ length: 8 }, () => serverSecret(testStore.store, 'race')));
    for (const secret of racers) expect(secret).toEqual(racers[0]);
  });

  it('refuses odd names and a damaged stored value', async () => {
    await expect(serverSecret(testStore.store, 'Bad Name')).rejects.toThrow(/invalid server secret name/);
    await expect(serverSecret(testStore.store, '')).rejects.toThrow(/invalid server secret name/);
    await testStore.store.db.insertInto('parley_meta').values({ key: 'secret:short', value: 'AAAA' }).execute();
    await expect(serverSecret(testStore.store, 'short')).rejects.toThrow(/not 32 bytes/);
  });
});
