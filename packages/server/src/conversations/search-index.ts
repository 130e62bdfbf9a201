import { setImmediate as nextTurn } from 'node:timers/promises';
import { CompiledQuery } from 'kysely';
import type { Log } from '../log.js';
import type { Store } from '../store/open-store.js';

/**
 * One transaction indexes at most this many messages, and at most this much text (characters) past its first message:
 * ~2 ms of the event loop for short messages, up to ~20 ms for messages of the longest (5,000 characters). Between two
 * transactions the event loop runs whatever waits (appends, requests).
 */
export const SEARCH_INDEX_CHUNK = 1000;
export const SEARCH_INDEX_CHUNK_TEXT = 256 * 1024;
/** How often a SQLite node indexes what was appended since: the pending table stays a second of traffic long. */
export const SEARCH_INDEX_INTERVAL_MS = 1000;

// The last rowid of the next chunk: the oldest pending rows, as many as fit the text budget (the first always does);
// null when nothing is pending. A pending row without its message (none should exist: the delete trigger removes
// both) counts for nothing and is forgotten with its chunk rather than kept forever.
const CHUNK_END =
  CompiledQuery.raw(`WITH oldest AS (SELECT message_rowid FROM messages_fts_pending ORDER BY message_rowid LIMIT ${SEARCH_INDEX_CHUNK}),
sized AS (SELECT oldest.message_rowid, sum(coalesce(length(messages.text), 0)) OVER (ORDER BY oldest.message_rowid) AS upto,
  row_number() OVER (ORDER BY oldest.message_rowid) AS position
  FROM oldest LEFT JOIN messages ON messages.rowid = oldest.message_rowid)
SELECT max(message_rowid) AS last FROM sized WHERE position = 1 OR upto <= ${SEARCH_INDEX_CHUNK_TEXT}`);
// The pending rows drive (a join may walk every indexed message below `last` instead).
const INDEX_THROUGH = `INSERT INTO messages_fts (rowid, text) SELECT rowid, text FROM messages
WHERE rowid IN (SELECT message_rowid FROM messages_fts_pending WHERE message_rowid <= ?)`;
const FORGET_THROUGH = 'DELETE FROM messages_fts_pending WHERE message_rowid <= ?';

/**
 * Indexes, on SQLite, every message appended so far (store/search-index-migration.ts: appends leave their rowid in
 * `messages_fts_pending`), a chunk per transaction, until none is left or `stop()` says so; answers how many. A
 * search runs it first, so it finds every message stored before it; with nothing pending it only reads. PostgreSQL
 * has nothing to catch up.
 */
export async function catchUpSearchIndex(store: Store, stop: () => boolean = () => false): Promise<number> {
  if (store.dialect !== 'sqlite') return 0;
  let indexed = 0;
  while (!stop()) {
    // Read outside the write transaction: a row appended meanwhile is pending past `last`, and a row deleted
    // meanwhile has left the pending table with its message.
    const last = (await store.db.executeQuery<{ last: number | null }>(CHUNK_END)).rows[0]?.last ?? null;
    if (last === null) break;
    indexed += await store.transaction(async () => {
      await store.db.executeQuery(CompiledQuery.raw(INDEX_THROUGH, [last]));
      return Number((await store.db.executeQuery(CompiledQuery.raw(FORGET_THROUGH, [last]))).numAffectedRows ?? 0);
    });
    await nextTurn();
  }
  return indexed;
}

/** A SQLite node's indexing in the background, every `intervalMs`; nothing on PostgreSQL. */
export function startSearchIndexer(store: Store, log: Log, intervalMs = SEARCH_INDEX_INTERVAL_MS): { stop(): Promise<void> } {
  if (store.dialect !== 'sqlite') return { stop: async () => {} };
  let running: Promise<void> | null = null;
  let stopped = false;
  let failing = false;
  const tick = async () => {
    try {
      await catchUpSearchIndex(store, () => stopped);
      if (failing) log.info({}, 'indexing messages for search works again');
      failing = false;
    } catch (error) {
      // Once per run of failures: the store's health reports the storage fault itself.
      if (!failing)
        log.warn({ err: error }, 'indexing messages for search failed: searches index what they need, and the next tick retries');
      failing = true;
    }
  };
  const timer = setInterval(() => {
    running ??= tick().finally(() => {
      running = null;
    });
  }, intervalMs);
  timer.unref();
  return {
    /** Stops the timer; a catch-up under way ends after its current chunk. */
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
