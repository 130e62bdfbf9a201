import type { Selectable } from 'kysely';
import { ApiError } from '../errors.js';
import type { Store } from '../store/open-store.js';
import { type ConnectionArgs, type CountedConnection, keysetConnection } from '../store/pagination.js';
import type { WebhookAttemptTable, WebhookDeliveryTable } from '../store/schema.js';
import { TEST_EVENT_TYPE } from './event-types.js';
import { eventBody } from './events.js';

export interface WebhookDelivery {
  id: string;
  projectId: string;
  endpointId: string;
  /** The `webhook-id` header. */
  eventId: string;
  eventType: string;
  status: WebhookDeliveryTable['status'];
  attempts: number;
  /** The body sent, exactly as signed. */
  payload: string;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
}

export interface WebhookAttempt {
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
}

type DeliveryRow = Selectable<WebhookDeliveryTable>;

const deliveryFromRow = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  projectId: row.project_id,
  endpointId: row.endpoint_id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: Number(row.attempts),
  payload: row.payload,
  createdAt: row.created_at,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
  deliveredAt: row.delivered_at,
  lastAttemptAt: row.last_attempt_at,
  lastStatusCode: row.last_status === null ? null : Number(row.last_status),
  lastError: row.last_error,
  lastDurationMs: row.last_duration_ms === null ? null : Number(row.last_duration_ms),
});

const attemptFromRow = (row: WebhookAttemptTable): WebhookAttempt => ({
  attemptedAt: row.attempted_at,
  statusCode: row.status_code === null ? null : Number(row.status_code),
  durationMs: Number(row.duration_ms),
  error: row.error,
});

export interface WebhookDeliveriesDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Told when a delivery is due now: this node's dispatcher sends it at once. */
  due: () => void;
}

/** The delivery log of an endpoint, and what an admin does with it: redeliver, send a test event. */
export class WebhookDeliveries {
  constructor(private readonly deps: WebhookDeliveriesDeps) {}

  /** Newest first. */
  list(endpointId: string, status: WebhookDelivery['status'] | null, args: ConnectionArgs): Promise<CountedConnection<WebhookDelivery>> {
    let query = this.deps.store.db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', endpointId);
    if (status) query = query.where('status', '=', status);
    return keysetConnection(query, args, {
      order: { sort: 'created_at', id: 'id', direction: 'desc' },
      toNode: deliveryFromRow,
      totalCount: true,
    });
  }

  async get(id: string): Promise<WebhookDelivery> {
    return deliveryFromRow(await this.row(id));
  }

  /** Every attempt, oldest first (at most the last 50). */
  async attempts(delivery: WebhookDelivery): Promise<WebhookAttempt[]> {
    const row = await this.row(delivery.id);
    const rows = await this.deps.store.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('delivery_seq', '=', Number(row.seq))
      .orderBy('attempted_at', 'desc')
      .limit(50)
      .execute();
    return rows.reverse().map(attemptFromRow);
  }

  /** Sends the delivery again, with the same `webhook-id` and body, and a fresh schedule of attempts. */
  async redeliver(id: string): Promise<WebhookDelivery> {
    const now = this.deps.now().toISOString();
    const row = await this.deps.store.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_until: null })
      .where('id', '=', id)
      // Not while a node is sending it: that attempt's answer comes first.
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .returningAll()
      .executeTakeFirst();
    if (!row) {
      await this.row(id); // NOT_FOUND when there is no such delivery
      throw new ApiError('VALIDATION_FAILED', 'the delivery is being sent right now: redeliver it once this attempt is over');
    }
    this.deps.due();
    return deliveryFromRow(row);
  }

  /** A `webhook.test` event to this endpoint only. */
  async sendTest(endpoint: { id: string; projectId: string; enabled: boolean }): Promise<WebhookDelivery> {
    if (!endpoint.enabled) throw new ApiError('VALIDATION_FAILED', 'the endpoint is disabled: enable it first');
    const now = this.deps.now();
    const eventId = `msg_${this.deps.newId().replace(/-/g, '')}`;
    const data = { projectId: endpoint.projectId, endpointId: endpoint.id, message: 'A test event from Parley.' };
    const row = await this.deps.store.db
      .insertInto('webhook_deliveries')
      .values({
        id: `${eventId}:${endpoint.id}`,
        event_id: eventId,
        endpoint_id: endpoint.id,
        project_id: endpoint.projectId,
        event_type: TEST_EVENT_TYPE,
        payload: eventBody(TEST_EVENT_TYPE, now, data),
        ordering_key: null,
        user_id: null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now.toISOString(),
        created_at: now.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    this.deps.due();
    return deliveryFromRow(row);
  }

  private async row(id: string): Promise<DeliveryRow> {
    const row =
      typeof id === 'string' && id.length <= 300
        ? await this.deps.store.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
        : undefined;
    if (!row) throw notFound(id);
    return row;
  }
}

const notFound = (id: string) => new ApiError('NOT_FOUND', `no webhook delivery has id "${String(id).slice(0, 300)}"`);

/** The GraphQL mapper's name for it (graphql/generated). */
export type WebhookDeliveryNode = WebhookDelivery;
