import { CompiledQuery } from 'kysely';
import type { Dialect, Store } from '../store/open-store.js';
import { preparedOnPostgres } from '../store/prepared-statements.js';
import type { ReplayStore } from './replay-store.js';

class AlreadyUsed extends Error {}

/**
 * The claim, one statement of one text whatever the number of keys: it takes every key it can (a new one, or one
 * whose time has passed) and answers those; a live key is neither taken nor answered. PostgreSQL's text has its
 * parameters named by the caller, for the sign-in statement that embeds it.
 */
export const postgresClaim = (keys: string, until: string, now: string): string => `INSERT INTO used_credentials (key, expires_at)
SELECT key, ${until}::bigint FROM unnest(${keys}::text[]) AS key
ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE used_credentials.expires_at <= ${now}::bigint
RETURNING key`;

const SQLITE_CLAIM = `INSERT INTO used_credentials (key, expires_at) SELECT value, ? FROM json_each(?) WHERE true
ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE used_credentials.expires_at <= ?
RETURNING key`;
const POSTGRES_CLAIM = preparedOnPostgres(postgresClaim('$1', '$2', '$3'));

export function claimQuery(dialect: Dialect, keys: readonly string[], until: number, now: number): CompiledQuery {
  return dialect === 'sqlite'
    ? CompiledQuery.raw(SQLITE_CLAIM, [until, JSON.stringify(keys), now])
    : CompiledQuery.raw(POSTGRES_CLAIM, [[...keys], until, now]);
}

/**
 * Single-use memory shared by every node through the database. Atomic through the primary
 * key: a key is claimed by inserting it, or by taking over a row whose time has passed; if any
 * key of the set is live, the set is refused and none of its keys stays claimed.
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
    const fresh =
      this.store.dialect === 'postgres' ? await this.claimAlone(unique, until, now) : await this.claimGrouped(unique, until, now);
    if (fresh) await this.forgetExpired(now);
    return fresh;
  }

  /** SQLite: in the group commit of the moment; a live key throws, and the rollback to its savepoint undoes the rest. */
  private async claimGrouped(keys: readonly string[], until: number, now: number): Promise<boolean> {
    try {
      await this.store.groupedTransaction(async () => {
        if ((await this.claim(keys, until, now)).length !== keys.length) throw new AlreadyUsed();
      });
      return true;
    } catch (error) {
      if (error instanceof AlreadyUsed) return false;
      throw error;
    }
  }

  /**
   * PostgreSQL: the one statement in autocommit (one round trip instead of three). When a key of the set was live,
   * the keys it did claim are given back by a second statement: a refused token leaves no key of its own behind
   * (a crash between the two would leave them until `until`, refusing only that refused token meanwhile).
   */
  private async claimAlone(keys: readonly string[], until: number, now: number): Promise<boolean> {
    const claimed = await this.claim(keys, until, now);
    if (claimed.length === keys.length) return true;
    await giveBack(this.store, claimed, until);
    return false;
  }

  private async claim(keys: readonly string[], until: number, now: number): Promise<string[]> {
    const { rows } = await this.store.db.executeQuery<{ key: string }>(claimQuery(this.store.dialect, keys, until, now));
    return rows.map((row) => row.key);
  }

  /**
   * Deletes forgotten keys now and then, so the table stays the size of a few minutes of traffic (after each claim,
   * here and where a sign-in claims its credentials with its own writes).
   */
  async forgetExpired(now: number): Promise<void> {
    if (now < this.nextSweep) return;
    if (this.store.inTransaction) {
      // After the caller's commit: a failed delete inside its transaction would abort it (PostgreSQL).
      this.store.afterCommit(() => {
        this.forgetExpired(now).catch(() => {});
      });
      return;
    }
    this.nextSweep = now + 60;
    try {
      await this.store.db.deleteFrom('used_credentials').where('expires_at', '<=', now).execute();
    } catch {
      this.nextSweep = now; // housekeeping only: the claim it follows stands, and the next one sweeps again
    }
  }
}

/**
 * Gives back the keys a refused claim took in autocommit (PostgreSQL). Best effort: the claim was refused whatever
 * happens here, and a key left behind (a failed delete, a crash) only refuses those same refused credentials until
 * `until`.
 */
export async function giveBack(store: Store, keys: readonly string[], until: number): Promise<void> {
  if (keys.length === 0) return;
  try {
    await store.db.deleteFrom('used_credentials').where('key', 'in', keys).where('expires_at', '=', until).execute();
  } catch {
    // as above: the refusal stands
  }
}
