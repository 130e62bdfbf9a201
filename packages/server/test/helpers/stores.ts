import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/open-store.js';

/** PostgreSQL for tests; every machine (and CI) has it here. Suites fail, never skip, without it. */
export const TEST_DATABASE_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestStore {
  store: Store;
  /** The PostgreSQL schema (null on SQLite), for opening a second node on the same data. */
  schema: string | null;
  /** Drops what the test made (the PostgreSQL schema; SQLite lives in a temp dir). */
  dispose(): Promise<void>;
}

/** The dialects every storage suite runs on: `describe.each(DIALECTS)`. */
export const DIALECTS = ['sqlite', 'postgres'] as const;

export async function openTestStore(dialect: (typeof DIALECTS)[number]): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const store = await openStore({ databaseUrl: null, dataDir: mkdtempSync(join(tmpdir(), 'parley-store-')) });
    return { store, schema: null, dispose: () => store.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openStore({ databaseUrl: TEST_DATABASE_URL, dataDir: tmpdir(), schema });
  return {
    store,
    schema,
    async dispose() {
      await store.close();
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Makes every DELETE from `table` fail in the database (a trigger), or stops that: for faults of housekeeping statements. */
export async function refuseDeletes(store: Store, table: string, refuse: boolean): Promise<void> {
  const name = `refuse_delete_${table}`;
  const statements =
    store.dialect === 'postgres'
      ? refuse
        ? [
            `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'deletes from ${table} refused by the test'; END $$`,
            `CREATE TRIGGER ${name} BEFORE DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`,
          ]
        : [`DROP TRIGGER ${name} ON ${table}`]
      : refuse
        ? [`CREATE TRIGGER ${name} BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, 'deletes from ${table} refused by the test'); END`]
        : [`DROP TRIGGER ${name}`];
  for (const statement of statements) await sql.raw(statement).execute(store.db);
}
