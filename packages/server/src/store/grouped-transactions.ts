import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { type Outcome, WriteBatcher } from './write-batcher.js';

/** What a transaction's code sees: the transaction, and the effects to run once it commits. */
export interface AmbientTransaction {
  trx: Kysely<Database>;
  effects: (() => void)[];
}

type Work = () => Promise<unknown>;

// Fixed texts, prepared once: every grouped transaction runs two of them.
const SAVEPOINT = CompiledQuery.raw('savepoint grouped');
const RELEASE = CompiledQuery.raw('release savepoint grouped');
const ROLLBACK = CompiledQuery.raw('rollback to savepoint grouped');

/**
 * Group commit of whole transactions, for SQLite, where transactions take turns on one connection
 * anyway: those begun within one event-loop turn run one after another in one database
 * transaction, each in a savepoint, and commit together (one WAL append for the lot instead of one
 * each). A transaction that throws rolls back to its savepoint and fails alone; each caller's
 * promise settles once the shared commit has happened, and its after-commit effects run then.
 */
export class GroupedTransactions {
  private readonly batcher: WriteBatcher<Work, unknown>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly enter: <T>(ambient: AmbientTransaction, work: () => Promise<T>) => Promise<T>,
  ) {
    this.batcher = new WriteBatcher((works) => this.commit(works));
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.batcher.enqueue(work) as Promise<T>;
  }

  private async commit(works: readonly Work[]): Promise<Outcome<unknown>[]> {
    const outcomes: Outcome<unknown>[] = [];
    const effectsOf: (() => void)[][] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const work of works) {
        const effects: (() => void)[] = [];
        await trx.executeQuery(SAVEPOINT);
        try {
          const value = await this.enter({ trx, effects }, work);
          await trx.executeQuery(RELEASE);
          outcomes.push({ ok: true, value });
          effectsOf.push(effects);
        } catch (error) {
          await rollBackTo(trx, error);
          outcomes.push({ ok: false, error });
          effectsOf.push([]);
        }
      }
    });
    // As with `transaction`, an effect that throws fails its own caller only (its write has committed).
    return outcomes.map((outcome, index) => {
      try {
        for (const effect of effectsOf[index] ?? []) effect();
        return outcome;
      } catch (error) {
        return { ok: false, error };
      }
    });
  }
}

/**
 * Undoes a failed transaction's part. SQLite may have rolled the whole transaction back itself (a
 * full disk, an I/O error): then there is no savepoint left and the batch fails with the error
 * that caused it, for the caller to see a storage fault rather than "no such savepoint".
 */
async function rollBackTo(trx: Kysely<Database>, cause: unknown): Promise<void> {
  try {
    await trx.executeQuery(ROLLBACK);
    await trx.executeQuery(RELEASE);
  } catch {
    throw cause;
  }
}
