import type { Kysely, Migration } from 'kysely';
import { onSqlite } from './migration-dialect.js';

/** 0016: webhook endpoints, the outbox of deliveries and their attempts (src/webhooks/). */
export const webhooksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Endpoints a project's events are delivered to (webhooks/endpoints.ts); secrets sealed like platform keys.
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('project_id', 'text', (column) => column.notNull())
      .addColumn('url', 'text', (column) => column.notNull())
      .addColumn('event_types', 'text', (column) => column.notNull())
      .addColumn('secret', 'text', (column) => column.notNull())
      .addColumn('previous_secret', 'text')
      .addColumn('previous_secret_until', 'text')
      .addColumn('disabled_at', 'text')
      .addColumn('disabled_reason', 'text')
      .addColumn('failing_since', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('webhook_endpoints_by_project').on('webhook_endpoints').column('project_id').execute();
    // The outbox: one row per event and endpoint, written in the transaction of the change (webhooks/outbox.ts).
    const sqlite = onSqlite(db);
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('seq', sqlite ? 'integer' : 'bigserial', (column) => (sqlite ? column.primaryKey().autoIncrement() : column.primaryKey()))
      // `<event_id>:<endpoint_id>`: the delivery's id in the API.
      .addColumn('id', 'text', (column) => column.notNull().unique())
      .addColumn('event_id', 'text', (column) => column.notNull())
      .addColumn('endpoint_id', 'text', (column) => column.notNull())
      .addColumn('project_id', 'text', (column) => column.notNull())
      .addColumn('event_type', 'text', (column) => column.notNull())
      .addColumn('payload', 'text', (column) => column.notNull())
      .addColumn('ordering_key', 'text')
      .addColumn('user_id', 'text')
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('attempts', 'integer', (column) => column.notNull())
      .addColumn('next_attempt_at', 'text', (column) => column.notNull())
      .addColumn('lease_until', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('delivered_at', 'text')
      .addColumn('last_attempt_at', 'text')
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_duration_ms', 'integer')
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema
      .createIndex('webhook_deliveries_in_order')
      .on('webhook_deliveries')
      .columns(['endpoint_id', 'ordering_key', 'status', 'seq'])
      .execute();
    await db.schema.createIndex('webhook_deliveries_by_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();
    await db.schema.createIndex('webhook_deliveries_by_user').on('webhook_deliveries').columns(['project_id', 'user_id']).execute();
    await db.schema
      .createTable('webhook_attempts')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('delivery_seq', 'bigint', (column) => column.notNull())
      .addColumn('attempted_at', 'text', (column) => column.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('duration_ms', 'integer', (column) => column.notNull())
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('webhook_attempts_by_delivery').on('webhook_attempts').columns(['delivery_seq', 'attempted_at']).execute();
  },
};
