import { type Kysely, type Migration, sql } from 'kysely';
import { onSqlite } from './migration-dialect.js';

/**
 * 0017, SQLite only: messages reach the full-text index in bulk (conversations/search-index.ts), not one by one in
 * each append's transaction. The insert trigger of 0010 tokenized every message and wrote a small index segment at
 * every commit, a third of SQLite's work per message in a batch of eight (measured); a new message's rowid now goes to
 * `messages_fts_pending`, and later transactions index the pending rows in chunks.
 *
 * An external-content FTS5 index must never be told to delete a row it does not hold (the index would be corrupt):
 * the delete and update triggers touch the index only for rows that are not pending, and a deleted pending row
 * leaves the pending table with it. PostgreSQL's GIN index (0010) is kept by PostgreSQL itself.
 */
export const searchIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    if (!onSqlite(db)) return;
    // One transaction: Kysely runs SQLite's migrations without one, and a half-made 0017 would fail every later start.
    await db.transaction().execute(replaceTriggers);
  },
};

async function replaceTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE messages_fts_pending (message_rowid INTEGER PRIMARY KEY)`.execute(db);
  await sql`DROP TRIGGER messages_fts_insert`.execute(db);
  await sql`DROP TRIGGER messages_fts_delete`.execute(db);
  await sql`DROP TRIGGER messages_fts_update`.execute(db);
  await sql`CREATE TRIGGER messages_fts_pending_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts_pending (message_rowid) VALUES (new.rowid); END`.execute(db);
  await sql`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) SELECT 'delete', old.rowid, old.text
        WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE message_rowid = old.rowid);
      DELETE FROM messages_fts_pending WHERE message_rowid = old.rowid; END`.execute(db);
  await sql`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages
      WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE message_rowid = old.rowid) BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
      INSERT INTO messages_fts (rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
}
