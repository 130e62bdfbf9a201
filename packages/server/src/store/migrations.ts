import type { Kysely, Migration, MigrationProvider } from 'kysely';

/** Migrations in code, portable across SQLite and PostgreSQL (text timestamps in ISO 8601 UTC). */
const migrations: Record<string, Migration> = {
  '0001_platform_keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('platform_keys')
        .addColumn('kid', 'text', (column) => column.primaryKey())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('private_key', 'text', (column) => column.notNull())
        .addColumn('public_spki_pem', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('retired_at', 'text')
        .execute();
      await db.schema
        .createTable('parley_meta')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('value', 'text', (column) => column.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
