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
  '0002_projects_and_brand_keys': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('authenticated_mode', 'integer', (column) => column.notNull())
        .addColumn('accepted_issuers', 'text', (column) => column.notNull())
        .addColumn('max_token_lifetime_seconds', 'integer', (column) => column.notNull())
        .addColumn('session_lifetime_seconds', 'integer', (column) => column.notNull())
        .addColumn('allow_anonymous', 'integer', (column) => column.notNull())
        .addColumn('allowed_origins', 'text', (column) => column.notNull())
        .addColumn('auth_log_retention_days', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('brand_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('kid', 'text', (column) => column.notNull())
        .addColumn('public_key_pem', 'text', (column) => column.notNull())
        .addColumn('fingerprint', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('brand_keys_by_project').on('brand_keys').columns(['project_id', 'revoked_at']).execute();
    },
  },
  '0003_used_credentials': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('used_credentials')
        .addColumn('key', 'text', (column) => column.primaryKey())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('used_credentials_by_expiry').on('used_credentials').column('expires_at').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
