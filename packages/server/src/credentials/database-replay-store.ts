import { CompiledQuery } from 'kysely';
import type { Store } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { ReplayStore } from './replay-store.js';

class AlreadyUsed extends Error {}

/*
 * PostgreSQL: the claim as one statement in autocommit (one round trip instead of BEGIN, INSERT, COMMIT). It claims
 * nothing when a key of the set is live in its snapshot. A key claimed by a concurrent call after that snapshot
 * conflicts on insert and is not returned, so that call alone succeeds; this one answers false and keeps the other
 * keys of its set claimed — a set that shares a key with a live one is refused anyway, so they block nothing valid.
 */
const POSTGRES_CLAIM = preparedOnPostgres(`WITH live AS (SELECT 1 FROM used_credentials WHERE key = ANY($1::text[]) AND expires_at > $3)
INSERT INTO used_credentials (key, expires_at) SELECT key, $2 FROM unnest($1::text[]) AS key WHERE NOT EXISTS (SELECT 1 FROM live)
ON CONFLICT (key) DO UPDATE SET expires_at = $2 WHERE used_credentials.expires_at <= $3
RETURNING key`);

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
    if (this.store.dialect === 'postgres' && !this.store.inTransaction) {
      const claimed = await this.store.db.executeQuery(CompiledQuery.raw(POSTGRES_CLAIM, [unique, until, now]));
      if (claimed.rows.length !== unique.length) return false;
      await this.sweep(now);
      return true;
    }
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
