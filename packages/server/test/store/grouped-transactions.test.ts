import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseReplayStore } from '../../src/credentials/database-replay-store.js';
import type { Store } from '../../src/store/open-store.js';
import { DIALECTS, openTestStore, type TestStore } from '../helpers/stores.js';

const writeMeta = (store: Store, key: string) => store.db.insertInto('parley_meta').values({ key, value: 'x' }).execute();

async function metaKeys(store: Store, prefix: string): Promise<string[]> {
  const rows = await store.db.selectFrom('parley_meta').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute();
  return rows.map((row) => row.key);
}

describe.each(DIALECTS)('grouped transactions on %s (issue 15)', (dialect) => {
  let testStore: TestStore;
  let store: Store;

  beforeAll(async () => {
    testStore = await openTestStore(dialect);
    store = testStore.store;
  });
  afterAll(async () => {
    await testStore?.dispose();
  });

  it('rolls back only the transaction that throws; its neighbours commit and run their after-commit effects', async () => {
    const effects: string[] = [];
    const attempt = (name: string, fail: boolean) =>
      store.groupedTransaction(async () => {
        await writeMeta(store, `one-bad:${name}`);
        store.afterCommit(() => effects.push(name));
        if (fail) throw new Error(`refused ${name}`);
        return name;
      });
    const results = await Promise.allSettled([attempt('a', false), attempt('b', true), attempt('c', false)]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: new Error('refused b') },
      { status: 'fulfilled', value: 'c' },
    ]);
    expect(await metaKeys(store, 'one-bad:')).toEqual(['one-bad:a', 'one-bad:c']);
    expect(effects.sort()).toEqual(['a', 'c']);
  });

  it('fails only the caller whose after-commit effect throws; the others hear success and run theirs', async () => {
    const effects: string[] = [];
    const attempt = (name: string, listenerThrows: boolean) =>
      store.groupedTransaction(async () => {
        await writeMeta(store, `effect:${name}`);
        store.afterCommit(() => {
          if (listenerThrows) throw new Error('listener threw');
          effects.push(name);
        });
        return name;
      });
    const results = await Promise.allSettled([attempt('a', false), attempt('b', true), attempt('c', false)]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // PostgreSQL runs the three side by side: their effects come in any order.
    expect(effects.sort()).toEqual(['a', 'c']);
    expect(await metaKeys(store, 'effect:')).toEqual(['effect:a', 'effect:b', 'effect:c']);
  });

  it('answers a failed statement inside one transaction without disturbing the others (duplicate key)', async () => {
    await writeMeta(store, 'dupe:taken');
    const results = await Promise.allSettled([
      store.groupedTransaction(() => writeMeta(store, 'dupe:first')),
      store.groupedTransaction(() => writeMeta(store, 'dupe:taken')),
      store.groupedTransaction(() => writeMeta(store, 'dupe:last')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await metaKeys(store, 'dupe:')).toEqual(['dupe:first', 'dupe:last', 'dupe:taken']);
  });

  it('joins the surrounding transaction: its writes roll back with it', async () => {
    const outer = store.transaction(async () => {
      await store.groupedTransaction(() => writeMeta(store, 'nested:inner'));
      throw new Error('outer fails');
    });
    await expect(outer).rejects.toThrow('outer fails');
    expect(await metaKeys(store, 'nested:')).toEqual([]);
  });

  it('lets exactly one of the single-use claims of one key made in the same turn succeed', async () => {
    const replay = new DatabaseReplayStore(store, () => 1_000);
    const claims = await Promise.all(Array.from({ length: 6 }, () => replay.rememberOnce(['jti:same', 'iat:x'], 2_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await Promise.all([replay.rememberOnce(['jti:other'], 2_000), replay.rememberOnce(['jti:same'], 2_000)])).toEqual([true, false]);
  });

  it.runIf(dialect === 'sqlite')('fails the batch with the cause when SQLite has already rolled the transaction back', async () => {
    // What SQLite does on a full disk or an I/O error: the savepoint is gone with the transaction.
    const results = await Promise.allSettled([
      store.groupedTransaction(() => writeMeta(store, 'gone:first')),
      store.groupedTransaction(async () => {
        await sql`rollback`.execute(store.db);
        throw new Error('disk full');
      }),
    ]);
    expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : 'ok'))).toEqual([
      'Error: disk full',
      'Error: disk full',
    ]);
    expect(await metaKeys(store, 'gone:')).toEqual([]);
    // The store keeps working.
    await store.groupedTransaction(() => writeMeta(store, 'gone:after'));
    expect(await metaKeys(store, 'gone:')).toEqual(['gone:after']);
  });

  it.runIf(dialect === 'sqlite')(
    'commits the transactions begun in one turn together: every caller hears after all of them ran',
    async () => {
      const events: string[] = [];
      const attempt = (name: string) =>
        store
          .groupedTransaction(async () => {
            await writeMeta(store, `together:${name}`);
            events.push(`ran ${name}`);
          })
          .then(() => events.push(`committed ${name}`));
      await Promise.all(['a', 'b', 'c'].map(attempt));
      expect(events).toEqual(['ran a', 'ran b', 'ran c', 'committed a', 'committed b', 'committed c']);
    },
  );
});
