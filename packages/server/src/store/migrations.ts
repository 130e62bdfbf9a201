import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { onSqlite } from './migration-dialect.js';
import { searchIndexMigration } from './search-index-migration.js';
import { webhooksMigration } from './webhooks-migration.js';

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
  '0004_operators_sessions_auth_log': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('brand_keys').addColumn('jwks_url', 'text').execute();
      await db.schema
        .createTable('operators')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('email', 'text', (column) => column.notNull().unique())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('disabled', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('project_members')
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('operator_id', 'text', (column) => column.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('project_members_pk', ['project_id', 'operator_id'])
        .execute();
      await db.schema
        .createTable('project_api_keys')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('secret_hash', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createTable('access_tokens')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('operator_id', 'text', (column) => column.references('operators.id').onDelete('cascade'))
        .addColumn('api_key_id', 'text', (column) => column.references('project_api_keys.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('access_tokens_by_operator').on('access_tokens').column('operator_id').execute();
      await db.schema
        .createTable('visitor_profiles')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('user_id', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addUniqueConstraint('visitor_profiles_by_user', ['project_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('visitors')
        .addColumn('vuid', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('profile_id', 'text', (column) => column.notNull().references('visitor_profiles.id'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('visitor_sessions')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('vuid', 'text', (column) => column.notNull())
        .addColumn('profile_id', 'text', (column) => column.notNull())
        .addColumn('user_id', 'text')
        .addColumn('authenticated', 'integer', (column) => column.notNull())
        .addColumn('brand_key_id', 'text')
        .addColumn('platform_key_id', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('visitor_sessions_by_user').on('visitor_sessions').columns(['project_id', 'user_id']).execute();
      await db.schema.createIndex('visitor_sessions_by_vuid').on('visitor_sessions').column('vuid').execute();
      await db.schema
        .createTable('authentication_events')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull())
        .addColumn('time', 'text', (column) => column.notNull())
        .addColumn('outcome', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('platform_key_id', 'text')
        .addColumn('brand_key_id', 'text')
        .addColumn('user_id', 'text')
        .addColumn('vuid', 'text')
        .addColumn('ip_hmac', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('authentication_events_by_time')
        .on('authentication_events')
        .columns(['project_id', 'time', 'id'])
        .execute();
    },
  },
  '0005_conversations': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('visitor_profiles').addColumn('visitor_data', 'text').execute();
      await db.schema.alterTable('visitor_profiles').addColumn('ext_id', 'text').execute();
      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('profile_id', 'text', (column) => column.notNull().references('visitor_profiles.id'))
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('assigned_operator_id', 'text')
        .addColumn('last_seq', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('conversations_by_profile').on('conversations').columns(['profile_id', 'status']).execute();
      // A profile has at most one open conversation: every device of a user continues the same one.
      await db.schema
        .createIndex('conversations_one_open_per_profile')
        .on('conversations')
        .column('profile_id')
        .unique()
        .where(sql.ref('status'), '=', sql.lit('open'))
        .execute();
      await db.schema
        .createIndex('conversations_by_project')
        .on('conversations')
        .columns(['project_id', 'status', 'updated_at', 'id'])
        .execute();
      await db.schema
        .createTable('messages')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('conversation_id', 'text', (column) => column.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (column) => column.notNull())
        .addColumn('author_kind', 'text', (column) => column.notNull())
        .addColumn('author_id', 'text', (column) => column.notNull())
        .addColumn('client_id', 'text', (column) => column.notNull())
        .addColumn('text', 'text', (column) => column.notNull())
        .addColumn('verified', 'integer', (column) => column.notNull())
        .addColumn('brand_key_id', 'text')
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addUniqueConstraint('messages_by_seq', ['conversation_id', 'seq'])
        .addUniqueConstraint('messages_by_client_id', ['conversation_id', 'author_kind', 'author_id', 'client_id'])
        .execute();
    },
  },
  '0006_visitor_transfers': {
    async up(db: Kysely<unknown>) {
      // Cross-domain transfer tokens (spec §6.7): only their SHA-256 is stored; single use, 5 minutes.
      await db.schema
        .createTable('visitor_transfers')
        .addColumn('token_hash', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('vuid', 'text', (column) => column.notNull())
        .addColumn('profile_id', 'text', (column) => column.notNull())
        .addColumn('conversation_id', 'text', (column) => column.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('expires_at', 'text', (column) => column.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('visitor_transfers_by_expiry').on('visitor_transfers').column('expires_at').execute();
    },
  },
  '0007_transfer_sessions': {
    async up(db: Kysely<unknown>) {
      // The session that minted a transfer token: the token dies with it (a revoked or logged-out session's links are void).
      await db.schema.alterTable('visitor_transfers').addColumn('session_id', 'text').execute();
      await db.schema.createIndex('visitor_transfers_by_vuid').on('visitor_transfers').column('vuid').execute();
    },
  },
  '0008_brand_key_fingerprint_unique': {
    async up(db: Kysely<unknown>) {
      // One active record per key (or JWKS URL) and project, so revoking it stops it. Copies added before
      // this index: the oldest stays, the younger ones are revoked now so that the index can be built.
      await sql`
        UPDATE brand_keys SET revoked_at = ${new Date().toISOString()}
        WHERE revoked_at IS NULL AND EXISTS (
          SELECT 1 FROM brand_keys AS older
          WHERE older.project_id = brand_keys.project_id AND older.fingerprint = brand_keys.fingerprint
            AND older.revoked_at IS NULL
            AND (older.created_at < brand_keys.created_at OR (older.created_at = brand_keys.created_at AND older.id < brand_keys.id))
        )`.execute(db);
      await db.schema
        .createIndex('brand_keys_active_fingerprint')
        .on('brand_keys')
        .columns(['project_id', 'fingerprint'])
        .unique()
        .where(sql.ref('revoked_at'), 'is', null)
        .execute();
    },
  },
  '0009_desk_for_teams': {
    async up(db: Kysely<unknown>) {
      // What each operator has read of each conversation (unread counts the same on every device).
      await db.schema
        .createTable('operator_reads')
        .addColumn('operator_id', 'text', (column) => column.notNull().references('operators.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (column) => column.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('last_read_seq', 'integer', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('operator_reads_pk', ['operator_id', 'conversation_id'])
        .execute();
      await db.schema.createIndex('operator_reads_by_conversation').on('operator_reads').column('conversation_id').execute();
      // Empty: the name shown is then the email's local part.
      await db.schema
        .alterTable('operators')
        .addColumn('display_name', 'text', (column) => column.notNull().defaultTo(''))
        .execute();
    },
  },
  '0010_message_search': {
    async up(db: Kysely<unknown>) {
      // Full-text search of messages (conversations/search.ts): FTS5 kept by triggers on SQLite, a GIN index on PostgreSQL.
      if (onSqlite(db)) {
        await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
          db,
        );
        await sql`CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
          INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
        await sql`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
          INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END`.execute(db);
        await sql`CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
          INSERT INTO messages_fts(messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
          INSERT INTO messages_fts(rowid, text) VALUES (new.rowid, new.text); END`.execute(db);
        await sql`INSERT INTO messages_fts(messages_fts) VALUES ('rebuild')`.execute(db);
      } else {
        await sql`CREATE INDEX messages_text_search ON messages USING GIN (to_tsvector('simple', text))`.execute(db);
      }
    },
  },
  '0011_canned_replies': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('canned_replies')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('project_id', 'text', (column) => column.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('shortcut', 'text', (column) => column.notNull())
        .addColumn('text', 'text', (column) => column.notNull())
        .addColumn('created_at', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'text', (column) => column.notNull())
        .addUniqueConstraint('canned_replies_by_shortcut', ['project_id', 'shortcut'])
        .execute();
    },
  },
  '0012_project_widget': {
    async up(db: Kysely<unknown>) {
      // The widget's appearance and wording (projects/widget-settings.ts), as JSON: '{}' is every default.
      await db.schema
        .alterTable('projects')
        .addColumn('widget', 'text', (column) => column.notNull().defaultTo('{}'))
        .execute();
    },
  },
  '0013_profile_erasure': {
    async up(db: Kysely<unknown>) {
      // Set by userErase (privacy/user-erase.ts): the profile's identity and data are gone, its conversations stay.
      await db.schema.alterTable('visitor_profiles').addColumn('erased_at', 'text').execute();
    },
  },
  '0014_project_retention': {
    async up(db: Kysely<unknown>) {
      // Days after which the hourly housekeeping purges closed conversations and idle anonymous profiles; null keeps them.
      await db.schema.alterTable('projects').addColumn('conversation_retention_days', 'integer').execute();
      await db.schema.alterTable('projects').addColumn('anonymous_profile_retention_days', 'integer').execute();
    },
  },
  '0015_audit_events': {
    async up(db: Kysely<unknown>) {
      // Admin actions (audit/audit-log.ts); kept when their project is deleted: the log outlives what it records.
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('time', 'text', (column) => column.notNull())
        .addColumn('project_id', 'text')
        .addColumn('actor_kind', 'text', (column) => column.notNull())
        .addColumn('actor_id', 'text', (column) => column.notNull())
        .addColumn('actor_label', 'text', (column) => column.notNull())
        .addColumn('action', 'text', (column) => column.notNull())
        .addColumn('changes', 'text', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('audit_events_by_time').on('audit_events').columns(['time', 'id']).execute();
    },
  },
  '0016_webhooks': webhooksMigration,
  '0017_search_index_in_bulk': searchIndexMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
