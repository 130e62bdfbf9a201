import type { Store } from '../../src/store/open-store.js';

/** An enabled endpoint row written straight to the table (the outbox only reads it), for tests below the API. */
export async function insertWebhookEndpoint(
  store: Store,
  endpoint: { id: string; projectId: string; eventTypes: string[]; createdAt: string },
): Promise<void> {
  await store.db
    .insertInto('webhook_endpoints')
    .values({
      id: endpoint.id,
      project_id: endpoint.projectId,
      url: 'https://93.184.215.14/',
      event_types: JSON.stringify(endpoint.eventTypes),
      secret: 'sealed',
      previous_secret: null,
      previous_secret_until: null,
      disabled_at: null,
      disabled_reason: null,
      failing_since: null,
      created_at: endpoint.createdAt,
    })
    .execute();
}
