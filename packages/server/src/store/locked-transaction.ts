import type { Store } from './open-store.js';

/**
 * Runs `work` in a transaction that begins by writing the meta row `lock:<name>`, so transactions
 * with the same name run one after another on every node and dialect: on PostgreSQL the upsert
 * holds that row's lock until commit (the next one waits, and under READ COMMITTED each of its
 * later statements sees what the first committed); on SQLite a write first takes the database's
 * write lock before anything is read. A check that `work` reads and then writes holds at commit.
 * A meta row rather than `SELECT … FOR UPDATE` or an advisory lock: the same statement on both dialects.
 */
export function lockedTransaction<T>(store: Store, name: string, work: () => Promise<T>): Promise<T> {
  return store.transaction(async () => {
    await store.db
      .insertInto('parley_meta')
      .values({ key: `lock:${name}`, value: '' })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: '' }))
      .execute();
    return work();
  });
}
