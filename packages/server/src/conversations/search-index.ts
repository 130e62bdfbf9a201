import { CompiledQuery } from 'kysely';
import type { Log } from '../log.js';
import type { Store } from '../store/open-store.js';

/** Messages indexed by one transaction: ~2–3 ms of the event loop, so appends wait little behind it. */
export const SEARCH_INDEX_CHUNK = 1000;
/** How often a SQLite node indexes what was appended since: the pending table stays a second of traffic long. */
export const SEARCH_INDEX_INTERVAL_MS = 1000;

const PENDING_CHUNK = `SELECT message_rowid FROM messages_fts_pending ORDER BY message_rowid LIMIT ${SEARCH_INDEX_CHUNK}`;
const INDEX_CHUNK = CompiledQuery.raw(
  `INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages WHERE rowid IN (${PENDING_CHUNK})`,
);
const FORGET_CHUNK = CompiledQuery.raw(`DELETE FROM messages_fts_pending WHERE message_rowid IN (${PENDING_CHUNK})`);

/**
 * Indexes, on SQLite, every message appended so far (store/search-index-migration.ts: appends leave their rowid in
 * `messages_fts_pending`), a chunk per transaction; answers how many. A search runs it first, so it finds every
 * message stored before it; PostgreSQL has nothing to catch up.
 */
export async function catchUpSearchIndex(store: Store): Promise<number> {
  if (store.dialect !== 'sqlite') return 0;
  let indexed = 0;
  for (;;) {
    const forgotten = await store.transaction(async () => {
      await store.db.executeQuery(INDEX_CHUNK);
      return Number((await store.db.executeQuery(FORGET_CHUNK)).numAffectedRows ?? 0);
    });
    indexed += forgotten;
    if (forgotten < SEARCH_INDEX_CHUNK) return indexed;
  }
}

/** A SQLite node's indexing in the background, every `intervalMs`; nothing on PostgreSQL. */
export function startSearchIndexer(store: Store, log: Log, intervalMs = SEARCH_INDEX_INTERVAL_MS): { stop(): Promise<void> } {
  if (store.dialect !== 'sqlite') return { stop: async () => {} };
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = catchUpSearchIndex(store)
      .catch((error: unknown) => log.warn({ err: error }, 'indexing messages for search failed; the next search or tick retries'))
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
