import { ApiError } from '../errors.js';
import type { SealedBox } from '../keys/sealed-box.js';
import type { Store } from '../store/open-store.js';
import type { WebhookEndpointTable } from '../store/schema.js';
import { isWebhookEventType, WEBHOOK_EVENT_TYPES } from './event-types.js';
import { deleteDeliveries } from './forget-deliveries.js';
import { parkDeliveries, unparkDeliveries } from './parking.js';
import { newWebhookSecret } from './signing.js';
import { checkedAddress, parseEndpointUrl, type TargetOptions, WebhookTargetError } from './target.js';

/** How long the secret before a rotation still signs deliveries (each delivery then carries both signatures). */
export const ROTATION_GRACE_MS = 24 * 3_600_000;
export const MAX_ENDPOINTS_PER_PROJECT = 20;

export interface WebhookEndpoint {
  id: string;
  projectId: string;
  url: string;
  eventTypes: string[];
  enabled: boolean;
  disabledAt: string | null;
  /** Why it was disabled: by an admin, a 410 answer, or failing for days. */
  disabledReason: string | null;
  failingSince: string | null;
  /** Until then, deliveries are also signed with the secret before the last rotation. */
  previousSecretValidUntil: string | null;
  createdAt: string;
}

export interface WebhookEndpointsDeps {
  store: Store;
  now: () => Date;
  newId: () => string;
  /** Seals secrets at rest with the installation's secret. */
  box: SealedBox;
  target: TargetOptions;
  /** Told once a change of endpoints committed (the outbox keeps which projects have one). */
  changed: () => void;
}

const endpointFromRow = (row: WebhookEndpointTable): WebhookEndpoint => ({
  id: row.id,
  projectId: row.project_id,
  url: row.url,
  eventTypes: JSON.parse(row.event_types) as string[],
  enabled: row.disabled_at === null,
  disabledAt: row.disabled_at,
  disabledReason: row.disabled_reason,
  failingSince: row.failing_since,
  previousSecretValidUntil: row.previous_secret_until,
  createdAt: row.created_at,
});

function checkedEventTypes(eventTypes: readonly string[]): string[] {
  const unknown = eventTypes.filter((type) => !isWebhookEventType(type));
  if (unknown.length > 0 || eventTypes.length === 0) {
    const what = unknown.length > 0 ? `unknown event type "${String(unknown[0]).slice(0, 60)}"` : 'at least one event type';
    throw new ApiError('VALIDATION_FAILED', `eventTypes: ${what}; choose from ${WEBHOOK_EVENT_TYPES.join(', ')}`);
  }
  return WEBHOOK_EVENT_TYPES.filter((type) => eventTypes.includes(type));
}

/** A project's webhook endpoints and their secrets (docs/reference/webhooks.md). */
export class WebhookEndpoints {
  constructor(private readonly deps: WebhookEndpointsDeps) {}

  async list(projectId: string): Promise<WebhookEndpoint[]> {
    const rows = await this.deps.store.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(endpointFromRow);
  }

  async get(id: string): Promise<WebhookEndpoint> {
    return endpointFromRow(await this.row(id));
  }

  /** A new endpoint and its secret, which is shown this once. */
  async create(input: {
    projectId: string;
    url: string;
    eventTypes: readonly string[];
  }): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const url = await this.checkedUrl(input.url);
    const eventTypes = checkedEventTypes(input.eventTypes);
    const secret = newWebhookSecret();
    const created = await this.deps.store.transaction(async () => {
      const { db } = this.deps.store;
      // Locked on PostgreSQL: concurrent creates of one project count one after the other.
      const projectQuery = db.selectFrom('projects').select('id').where('id', '=', input.projectId);
      const project = await (this.deps.store.dialect === 'postgres' ? projectQuery.forUpdate() : projectQuery).executeTakeFirst();
      if (!project) throw new ApiError('NOT_FOUND', `no project has id "${input.projectId}"`);
      const count = await db
        .selectFrom('webhook_endpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('project_id', '=', input.projectId)
        .executeTakeFirstOrThrow();
      if (Number(count.n) >= MAX_ENDPOINTS_PER_PROJECT)
        throw new ApiError('VALIDATION_FAILED', `a project has at most ${MAX_ENDPOINTS_PER_PROJECT} webhook endpoints: delete one first`);
      const row: WebhookEndpointTable = {
        id: this.deps.newId(),
        project_id: input.projectId,
        url,
        event_types: JSON.stringify(eventTypes),
        secret: this.deps.box.seal(secret),
        previous_secret: null,
        previous_secret_until: null,
        disabled_at: null,
        disabled_reason: null,
        failing_since: null,
        created_at: this.deps.now().toISOString(),
      };
      await db.insertInto('webhook_endpoints').values(row).execute();
      return { endpoint: endpointFromRow(row), secret };
    });
    this.deps.changed();
    return created;
  }

  /** Omitted fields keep their value; enabling clears the failure record and the pending deliveries go out again. */
  async update(input: {
    id: string;
    url?: string | null;
    eventTypes?: readonly string[] | null;
    enabled?: boolean | null;
  }): Promise<WebhookEndpoint> {
    const current = await this.row(input.id);
    const changes: Partial<WebhookEndpointTable> = {};
    if (input.url != null) changes.url = await this.checkedUrl(input.url);
    if (input.eventTypes != null) changes.event_types = JSON.stringify(checkedEventTypes(input.eventTypes));
    if (input.enabled === true && current.disabled_at !== null)
      Object.assign(changes, { disabled_at: null, disabled_reason: null, failing_since: null });
    if (input.enabled === false && current.disabled_at === null)
      Object.assign(changes, { disabled_at: this.deps.now().toISOString(), disabled_reason: 'disabled by an admin' });
    if (Object.keys(changes).length === 0) return endpointFromRow(current);
    const { store } = this.deps;
    const updated = await store.transaction(async () => {
      const row = await store.db.updateTable('webhook_endpoints').set(changes).where('id', '=', input.id).returningAll().executeTakeFirst();
      if (!row) throw notFound(input.id);
      if (changes.disabled_at) await parkDeliveries(store.db, input.id);
      else if (changes.disabled_at === null) await unparkDeliveries(store.db, input.id, this.deps.now().toISOString());
      return endpointFromRow(row);
    });
    this.deps.changed();
    return updated;
  }

  /** Deletes the endpoint with its deliveries and their attempts. */
  async delete(id: string): Promise<void> {
    await this.deps.store.transaction(async () => {
      const { db } = this.deps.store;
      await deleteDeliveries(this.deps.store, (eb) => eb('endpoint_id', '=', id));
      const deleted = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) throw notFound(id);
    });
    this.deps.changed();
  }

  /** A new secret, shown this once; the old one keeps signing for ROTATION_GRACE_MS. */
  async rotateSecret(id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const current = await this.row(id);
    const secret = newWebhookSecret();
    const row = await this.deps.store.db
      .updateTable('webhook_endpoints')
      .set({
        secret: this.deps.box.seal(secret),
        previous_secret: current.secret,
        previous_secret_until: new Date(this.deps.now().getTime() + ROTATION_GRACE_MS).toISOString(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { endpoint: endpointFromRow(row), secret };
  }

  /** The secrets a delivery is signed with now: the current one, and the previous one during its grace period. */
  signingSecrets(row: Pick<WebhookEndpointTable, 'secret' | 'previous_secret' | 'previous_secret_until'>): string[] {
    const secrets = [this.deps.box.open(row.secret)];
    if (row.previous_secret && row.previous_secret_until && row.previous_secret_until > this.deps.now().toISOString())
      secrets.push(this.deps.box.open(row.previous_secret));
    return secrets;
  }

  async row(id: string): Promise<WebhookEndpointTable> {
    const row =
      typeof id === 'string' && id.length <= 100
        ? await this.deps.store.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst()
        : undefined;
    if (!row) throw notFound(id);
    return row;
  }

  private async checkedUrl(text: string): Promise<string> {
    try {
      const url = parseEndpointUrl(text, this.deps.target);
      await checkedAddress(url, this.deps.target);
      return url.toString();
    } catch (error) {
      if (error instanceof WebhookTargetError) throw new ApiError('VALIDATION_FAILED', error.message);
      throw error;
    }
  }
}

const notFound = (id: string) => new ApiError('NOT_FOUND', `no webhook endpoint has id "${String(id).slice(0, 100)}"`);

/** The GraphQL mapper's name for it (graphql/generated). */
export type WebhookEndpointNode = WebhookEndpoint;
