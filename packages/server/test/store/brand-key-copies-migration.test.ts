import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationProvider } from '../../src/store/migrations.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import type { BrandKeyTable, Database } from '../../src/store/schema.js';
import { DIALECTS, TEST_DATABASE_URL } from '../helpers/stores.js';

/** A database as an installation before migration 0008 left it, and how to open it with the current code. */
async function installedBefore0008(dialect: (typeof DIALECTS)[number]) {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-0008-'));
  let db: Kysely<Database>;
  if (dialect === 'sqlite')
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(join(dataDir, 'parley.db')) }) });
  else {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const migrator = new Migrator({ db, provider: migrationProvider, ...(dialect === 'postgres' ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateTo('0007_transfer_sessions');
  if (error) throw error;
  return {
    db,
    open: () => openStore(dialect === 'sqlite' ? { databaseUrl: null, dataDir } : { databaseUrl: TEST_DATABASE_URL, dataDir, schema }),
    async drop() {
      if (dialect === 'sqlite') return;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const key = (id: string, fields: Partial<BrandKeyTable>): BrandKeyTable => ({
  id,
  project_id: 'p1',
  kid: id,
  public_key_pem: '-----BEGIN PUBLIC KEY-----',
  fingerprint: 'aa:aa',
  created_at: '2026-01-01T00:00:00.000Z',
  last_used_at: null,
  revoked_at: null,
  jwks_url: null,
  ...fields,
});

describe.each(DIALECTS)('migration 0008 on %s: copies of an active brand key', (dialect) => {
  let store: Store | null = null;
  let drop = async () => {};
  afterAll(async () => {
    await store?.close();
    await drop();
  });

  it('keeps the oldest active copy, revokes the younger ones, then refuses a new copy', async () => {
    const installed = await installedBefore0008(dialect);
    drop = installed.drop;
    const project = (id: string) => ({
      id,
      name: id,
      authenticated_mode: 1,
      accepted_issuers: '[]',
      max_token_lifetime_seconds: 60,
      session_lifetime_seconds: 3600,
      allow_anonymous: 1,
      allowed_origins: '[]',
      auth_log_retention_days: 30,
      created_at: '2026-01-01T00:00:00.000Z',
    });
    await installed.db
      .insertInto('projects')
      .values([project('p1'), project('p2')])
      .execute();
    const url = 'https://keys.brand.example/jwks';
    await installed.db
      .insertInto('brand_keys')
      .values([
        key('b-younger', { created_at: '2026-01-03T00:00:00.000Z' }),
        key('a-oldest', { created_at: '2026-01-02T00:00:00.000Z' }),
        key('c-same-time', { created_at: '2026-01-03T00:00:00.000Z' }),
        key('d-revoked-before', { created_at: '2026-01-01T00:00:00.000Z', revoked_at: '2026-01-01T12:00:00.000Z' }),
        key('e-other-key', { fingerprint: 'bb:bb', created_at: '2026-01-04T00:00:00.000Z' }),
        key('f-other-project', { project_id: 'p2', created_at: '2026-01-05T00:00:00.000Z' }),
        key('f2-same-time', { project_id: 'p2', created_at: '2026-01-05T00:00:00.000Z' }),
        key('g-url', { kid: '', fingerprint: 'url:cc', public_key_pem: '', jwks_url: url }),
        key('h-url-pinned', {
          kid: 'k1',
          fingerprint: 'url:cc',
          public_key_pem: '',
          jwks_url: url,
          created_at: '2026-01-02T00:00:00.000Z',
        }),
      ])
      .execute();
    await installed.db.destroy();

    store = await installed.open();
    const rows = await store.db.selectFrom('brand_keys').select(['id', 'revoked_at']).orderBy('id').execute();
    const revoked = Object.fromEntries(rows.map((row) => [row.id, row.revoked_at]));
    expect(Object.keys(revoked).filter((id) => revoked[id] === null)).toEqual(['a-oldest', 'e-other-key', 'f-other-project', 'g-url']);
    expect(revoked['d-revoked-before']).toBe('2026-01-01T12:00:00.000Z');
    for (const id of ['b-younger', 'c-same-time', 'f2-same-time', 'h-url-pinned']) expect(revoked[id]).toMatch(/^\d{4}-\d\d-\d\dT/);

    // The index: another active copy is refused, a revoked one is not.
    await expect(store.db.insertInto('brand_keys').values(key('i-copy', {})).execute()).rejects.toThrow(/unique/i);
    await store.db
      .insertInto('brand_keys')
      .values(key('j-revoked-copy', { revoked_at: '2026-02-01T00:00:00.000Z' }))
      .execute();
  });
});
