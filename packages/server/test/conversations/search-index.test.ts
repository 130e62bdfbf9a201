import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackgroundWork } from '../../src/background-work.js';
import { listConversations } from '../../src/conversations/conversation-list.js';
import {
  catchUpSearchIndex,
  SEARCH_INDEX_CHUNK,
  SEARCH_INDEX_CHUNK_TEXT,
  startSearchIndexer,
} from '../../src/conversations/search-index.js';
import { silentLog } from '../../src/log.js';
import { migrationProvider } from '../../src/store/migrations.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { capturingLog, type TestApp, testAppOn } from '../helpers/app.js';
import { DIALECTS, openTestStore } from '../helpers/stores.js';

const line = (vuid: string, clientId: string, text: string) =>
  ({ authorKind: 'visitor', authorId: vuid, clientId, text, verified: false, brandKeyId: null, whileOpen: true }) as const;

describe('the full-text index of messages on SQLite, written in bulk', () => {
  let testApp: TestApp;
  let projectId: string;
  beforeAll(async () => {
    const testStore = await openTestStore('sqlite');
    testApp = await testAppOn(testStore.store, {}, () => testStore.dispose());
    projectId = (await testApp.services.projects.create('Search index')).id;
  });
  afterAll(() => testApp.dispose());

  const openConversation = async () => {
    const { visitors, conversations } = testApp.services;
    const visitor = await visitors.createAnonymous(projectId);
    return { vuid: visitor.vuid, conversation: await conversations.ensureOpen(projectId, visitor.profileId) };
  };
  const query = async <Row>(text: string) => (await sql.raw<Row>(text).execute(testApp.services.store.db)).rows;
  const pending = async () => (await query<{ n: number }>('SELECT count(*) AS n FROM messages_fts_pending'))[0]?.n;
  /** The message ids the index itself finds for one word (no catch-up first). */
  const indexed = async (word: string) =>
    (
      await query<{ client_id: string }>(
        `SELECT client_id FROM messages WHERE rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH '"${word}"') ORDER BY client_id`,
      )
    ).map((row) => row.client_id);
  /**
   * FTS5's own check of the index against the messages table: throws "database disk image is malformed" when they
   * differ. Only once nothing is pending: a pending message is in the table and not yet in the index.
   */
  const checkIndex = () => query(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
  const search = async (words: string) =>
    (await listConversations(testApp.services.store, [projectId], { search: words }, { first: 50 })).edges.map((edge) => edge.node.id);

  it('leaves an append out of the index until a catch-up, which a search runs first', async () => {
    const { vuid, conversation } = await openConversation();
    await testApp.services.conversations.append(conversation.id, line(vuid, 'a1', 'parcel quokka arrived'));
    expect(await pending()).toBeGreaterThan(0);
    expect(await indexed('quokka')).toEqual([]);
    expect(await search('quokka')).toEqual([conversation.id]);
    expect(await pending()).toBe(0);
    expect(await indexed('quokka')).toEqual(['a1']);
    expect(await catchUpSearchIndex(testApp.services.store)).toBe(0);
    await checkIndex();
  });

  it(`indexes ${SEARCH_INDEX_CHUNK} messages a transaction until none is left`, async () => {
    const { vuid, conversation } = await openConversation();
    const count = 2 * SEARCH_INDEX_CHUNK + 7;
    await Promise.all(
      Array.from({ length: count }, (_, i) => testApp.services.conversations.append(conversation.id, line(vuid, `w${i}`, `wombat ${i}`))),
    );
    const { store } = testApp.services;
    const transaction = store.transaction.bind(store);
    let transactions = 0;
    store.transaction = (work) => {
      transactions++;
      return transaction(work);
    };
    try {
      expect(await catchUpSearchIndex(store)).toBe(count);
    } finally {
      store.transaction = transaction;
    }
    expect(transactions).toBe(3);
    expect((await indexed('wombat')).length).toBe(count);
    await checkIndex();
  });

  it('keeps the index whole when pending and indexed messages are edited and deleted', async () => {
    const { vuid, conversation } = await openConversation();
    const { conversations } = testApp.services;
    await conversations.append(conversation.id, line(vuid, 'i1', 'indexed ibis one'));
    await conversations.append(conversation.id, line(vuid, 'i2', 'indexed ibis two'));
    await catchUpSearchIndex(testApp.services.store);
    await conversations.append(conversation.id, line(vuid, 'p1', 'pending ibis one'));
    await conversations.append(conversation.id, line(vuid, 'p2', 'pending ibis two'));
    // An erasure rewrites text (privacy/user-erase.ts) and retention deletes rows, either before or after indexing.
    await query(`UPDATE messages SET text = 'rewritten heron' WHERE client_id IN ('i1', 'p1')`);
    await query(`DELETE FROM messages WHERE client_id IN ('i2', 'p2')`);
    expect(await indexed('ibis')).toEqual([]);
    expect(await indexed('heron')).toEqual(['i1']);
    // p2 had the highest rowid: SQLite gives it to the next message.
    await conversations.append(conversation.id, line(vuid, 'p3', 'pending heron three'));
    await catchUpSearchIndex(testApp.services.store);
    await checkIndex();
    expect(await indexed('ibis')).toEqual([]);
    expect(await indexed('heron')).toEqual(['i1', 'p1', 'p3']);
    expect(await pending()).toBe(0);
  });

  /**
   * A message appended before `start` is indexed within `everyMs` (with margin), and one appended after the indexing
   * stopped is not, a tick later.
   */
  const indexesUntilStopped = async (word: string, start: () => { stop(): Promise<void> }, everyMs: number) => {
    const { vuid, conversation } = await openConversation();
    await conversations(testApp).append(conversation.id, line(vuid, `${word}-1`, `background ${word}`));
    const indexing = start();
    try {
      await expect.poll(() => indexed(word), { timeout: everyMs + 2000 }).toEqual([`${word}-1`]);
    } finally {
      await indexing.stop();
    }
    await conversations(testApp).append(conversation.id, line(vuid, `${word}-2`, `background ${word} again`));
    await new Promise((resolve) => setTimeout(resolve, everyMs * 1.5));
    expect(await indexed(word)).toEqual([`${word}-1`]);
  };

  it('indexes in the background, and stops', () =>
    indexesUntilStopped('bandicoot', () => startSearchIndexer(testApp.services.store, silentLog, 20), 20 * 5));

  it('indexes in the background of an assembled server started with startBackgroundWork, every second, until stopped', () =>
    indexesUntilStopped('wallaby', () => startBackgroundWork(testApp.services, silentLog), 1000));

  it(`indexes long messages ${SEARCH_INDEX_CHUNK_TEXT / 1024} KiB of text a transaction`, async () => {
    const { vuid, conversation } = await openConversation();
    await catchUpSearchIndex(testApp.services.store);
    const long = `${'kangaroo '.repeat(555)}end`; // 4,998 characters
    const perChunk = Math.floor(SEARCH_INDEX_CHUNK_TEXT / long.length);
    for (let i = 0; i < 2 * perChunk + 3; i++) await conversations(testApp).append(conversation.id, line(vuid, `l${i}`, long));
    const { store } = testApp.services;
    const transaction = store.transaction.bind(store);
    const sizes: number[] = [];
    store.transaction = async (work) => {
      const before = await pending();
      const result = await transaction(work);
      sizes.push((before ?? 0) - ((await pending()) ?? 0));
      return result;
    };
    try {
      await catchUpSearchIndex(store);
    } finally {
      store.transaction = transaction;
    }
    expect(sizes).toEqual([perChunk, perChunk, 3]);
  });

  it('refuses an invalid search before it indexes anything', async () => {
    const { vuid, conversation } = await openConversation();
    await conversations(testApp).append(conversation.id, line(vuid, 'v1', 'valid vicuna'));
    await expect(search('!!')).rejects.toThrow(/at least one word/);
    expect(await pending()).toBe(1);
    await catchUpSearchIndex(testApp.services.store);
  });
});

describe('search and the background indexer while another process holds the write lock', () => {
  it('still answer from what is indexed, and the indexer says when it fails and when it works again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-locked-'));
    const testApp = await testAppOn(await openStore({ databaseUrl: null, dataDir }));
    const other = new SqliteDatabase(join(dataDir, 'parley.db'));
    const { lines, log } = capturingLog();
    try {
      const { projects, visitors } = testApp.services;
      const projectId = (await projects.create('Locked')).id;
      const visitor = await visitors.createAnonymous(projectId);
      const conversation = await conversations(testApp).ensureOpen(projectId, visitor.profileId);
      await conversations(testApp).append(conversation.id, line(visitor.vuid, 'k1', 'kept koala'));
      const search = async (words: string) =>
        (await listConversations(testApp.services.store, [projectId], { search: words }, { first: 5 })).edges.length;
      expect(await search('koala')).toBe(1);
      await conversations(testApp).append(conversation.id, line(visitor.vuid, 'k2', 'late lemur'));
      other.exec('BEGIN IMMEDIATE');
      const indexer = startSearchIndexer(testApp.services.store, log, 20);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(await search('koala')).toBe(1);
      expect(await search('lemur')).toBe(0);
      expect(lines).toEqual(['warn: indexing messages for search failed: searches index what they need, and the next tick retries']);
      other.exec('COMMIT');
      await expect.poll(() => lines.at(-1), { timeout: 2000 }).toBe('info: indexing messages for search works again');
      await indexer.stop();
      expect(await search('lemur')).toBe(1);
    } finally {
      other.close();
      await testApp.dispose();
    }
  });
});

/** A SQLite database as migration 0016 left it, in a new data dir. */
async function databaseOf0016(): Promise<{ dataDir: string; old: Kysely<unknown> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-0017-'));
  const old = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(dataDir, 'parley.db')) }) });
  const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('0016_webhooks');
  if (error) throw error;
  return { dataDir, old };
}

describe('migration 0017 on a SQLite database whose messages the old triggers indexed', () => {
  it('keeps them indexed, deletable and found, and defers the new ones', async () => {
    const { dataDir, old } = await databaseOf0016();
    const insert = (id: string, text: string) =>
      sql`INSERT INTO messages (id, conversation_id, seq, author_kind, author_id, client_id, text, verified, created_at)
        VALUES (${id}, 'c1', ${Number(id.slice(1))}, 'visitor', 'v1', ${id}, ${text}, 0, '2026-01-01T00:00:00.000Z')`.execute(old);
    await sql`PRAGMA foreign_keys = OFF`.execute(old); // the rows of this test have no conversation
    await insert('m1', 'old otter');
    await insert('m2', 'old otter again');
    await old.destroy();
    const store = await openStore({ databaseUrl: null, dataDir });
    try {
      const words = async (word: string) =>
        (
          await sql<{
            id: string;
          }>`SELECT id FROM messages WHERE rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ${word}) ORDER BY id`.execute(
            store.db,
          )
        ).rows.map((row) => row.id);
      expect(await words('otter')).toEqual(['m1', 'm2']);
      await sql`PRAGMA foreign_keys = OFF`.execute(store.db);
      await sql`DELETE FROM messages WHERE id = 'm2'`.execute(store.db);
      await sql`INSERT INTO messages (id, conversation_id, seq, author_kind, author_id, client_id, text, verified, created_at)
        SELECT 'm3', conversation_id, 3, author_kind, author_id, 'm3', 'new otter', 0, created_at FROM messages WHERE id = 'm1'`.execute(
        store.db,
      );
      expect(await words('otter')).toEqual(['m1']);
      expect(await catchUpSearchIndex(store)).toBe(1);
      expect(await words('otter')).toEqual(['m1', 'm3']);
      await sql`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`.execute(store.db);
    } finally {
      await store.close();
    }
  });

  it('changes nothing when it fails half-way, so the next start runs it whole', async () => {
    const { dataDir, old } = await databaseOf0016();
    // A trigger of the name 0017 creates after its first four statements makes it fail there.
    await sql`CREATE TRIGGER messages_fts_pending_insert AFTER INSERT ON parley_meta BEGIN SELECT 1; END`.execute(old);
    await expect(openStore({ databaseUrl: null, dataDir })).rejects.toThrow(/0017_search_index_in_bulk/);
    const schema = async () =>
      (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE name LIKE 'messages_fts_%' ORDER BY name`.execute(old)).rows.map(
        (row) => row.name,
      );
    expect(await schema()).toContain('messages_fts_insert');
    expect(await schema()).not.toContain('messages_fts_pending');
    await sql`DROP TRIGGER messages_fts_pending_insert`.execute(old);
    await old.destroy();
    const store = await openStore({ databaseUrl: null, dataDir });
    await store.close();
  });
});

describe('the background indexer when every catch-up fails', () => {
  it('warns once for a run of failures, not once a tick', async () => {
    let fail = true;
    const db = {
      executeQuery: async () => {
        if (fail) throw new Error('disk I/O error');
        return { rows: [] };
      },
    };
    const { lines, log } = capturingLog();
    const indexer = startSearchIndexer({ dialect: 'sqlite', db } as unknown as Store, log, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines).toEqual(['warn: indexing messages for search failed: searches index what they need, and the next tick retries']);
    fail = false;
    await expect.poll(() => lines.length).toBe(2);
    expect(lines[1]).toBe('info: indexing messages for search works again');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toHaveLength(2);
    await indexer.stop();
  });
});

const conversations = (testApp: TestApp) => testApp.services.conversations;

describe.each(DIALECTS)('search right after an append on %s', (dialect) => {
  it('finds the message at once', async () => {
    const testStore = await openTestStore(dialect);
    const testApp = await testAppOn(testStore.store, {}, () => testStore.dispose());
    try {
      const projectId = (await testApp.services.projects.create('Fresh')).id;
      const visitor = await testApp.services.visitors.createAnonymous(projectId);
      const conversation = await conversations(testApp).ensureOpen(projectId, visitor.profileId);
      await conversations(testApp).append(conversation.id, line(visitor.vuid, 'f1', 'fresh platypus'));
      const found = await listConversations(testApp.services.store, [projectId], { search: 'platypus' }, { first: 5 });
      expect(found.edges.map((edge) => edge.node.id)).toEqual([conversation.id]);
    } finally {
      await testApp.dispose();
    }
  });
});
