import type { Store } from '../store/open-store.js';
import type { ReplayStore } from './replay-store.js';

class AlreadyUsed extends Error {}

/**
 * Single-use memory shared by every node through the database. Atomic through the primary
 * key: a key is claimed by inserting it, or by taking over a row whose time has passed; if any
 * key of the set is live, the whole transaction rolls back.
 */
export class DatabaseReplayStore implements ReplayStore {
  private nextSweep = 0;

  constructor(
    private readonly store: Store,
    private readonly nowSeconds: () => number,
  ) {}

  async rememberOnce(keys: readonly string[], until: number): Promise<boolean> {
    const now = this.nowSeconds();
    const unique = [...new Set(keys)];
    try {
      await this.store.groupedTransaction(async () => {
        const trx = this.store.db;
        // One statement claims every key; a live one is not returned, and the rollback undoes the rest.
        const claimed = await trx
          .insertInto('used_credentials')
          .values(unique.map((key) => ({ key, expires_at: until })))
          .onConflict((conflict) =>
            conflict.column('key').doUpdateSet({ expires_at: until }).where('used_credentials.expires_at', '<=', now),
          )
          .returning('key')
          .execute();
        if (claimed.length !== unique.length) throw new AlreadyUsed();
      });
    } catch (error) {
      if (error instanceof AlreadyUsed) return false;
      throw error;
    }
    await this.sweep(now);
    return true;
  }

  /** Deletes forgotten keys now and then, so the table stays the size of a few minutes of traffic. */
  private async sweep(now: number): Promise<void> {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60;
    await this.store.db.deleteFrom('used_credentials').where('expires_at', '<=', now).execute();
  }
}
