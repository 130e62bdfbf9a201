import { useState } from 'preact/hooks';
import { nodes } from '../../console/api.js';
import { Notice } from '../../console/Notice.js';
import type { WebhookEndpointCreateDocument, WebhookEndpointsDocument, WebhookEndpointsQuery } from '../../generated/graphql.js';
import { useGql } from '../gql-context.js';
import { Section } from '../Section.js';
import { useLoad } from '../use-load.js';
import { EndpointCard } from './EndpointCard.js';
import { EndpointForm, type EndpointValues } from './EndpointForm.js';

export type WebhookEndpoint = WebhookEndpointsQuery['project']['webhookEndpoints']['edges'][number]['node'];

/** A secret just made for an endpoint, shown once in its card. */
export interface FreshSecret {
  endpointId: string;
  secret: string;
  /** Made by a rotation: the previous secret still signs until the endpoint's previousSecretValidUntil. */
  rotated: boolean;
}

const ENDPOINTS =
  `query WebhookEndpoints($id: ID!) { webhookEventTypes project(id: $id) { webhookEndpoints(first: 20) { totalCount edges { node {
  id url eventTypes enabled disabledAt disabledReason failingSince previousSecretValidUntil createdAt } } } } }` as WebhookEndpointsDocument;
const CREATE = `mutation WebhookEndpointCreate($projectId: ID!, $url: String!, $eventTypes: [String!]!) {
  webhookEndpointCreate(input: { projectId: $projectId, url: $url, eventTypes: $eventTypes }) { endpoint { id } secret } }` as WebhookEndpointCreateDocument;

/** The project's webhook endpoints: add one (its secret shown once), and each endpoint's settings and delivery log. */
export function WebhooksSection({ projectId }: { projectId: string }) {
  const gql = useGql();
  const list = useLoad(async () => {
    const answer = await gql(ENDPOINTS, { id: projectId });
    return { eventTypes: answer.webhookEventTypes, endpoints: nodes(answer.project.webhookEndpoints) };
  }, [gql, projectId]);
  const [adding, setAdding] = useState(false);
  const [fresh, setFresh] = useState<FreshSecret | null>(null);
  const [deleted, setDeleted] = useState<string | null>(null);

  const create = async ({ url, eventTypes }: EndpointValues) => {
    const { webhookEndpointCreate: made } = await gql(CREATE, { projectId, url, eventTypes });
    setFresh({ endpointId: made.endpoint.id, secret: made.secret, rotated: false });
    setAdding(false);
    setDeleted(null);
    list.reload();
  };

  const endpoints = list.data?.endpoints;
  return (
    <Section
      title="Webhooks"
      description="Parley POSTs this project's events to your endpoints as they happen, signed as the Standard Webhooks specification says: verify each request with the endpoint's secret (any Standard Webhooks library does). Failed deliveries are retried for about 28 hours."
      actions={
        !adding && (
          <button type="button" class="primary" disabled={!list.data} onClick={() => setAdding(true)}>
            Add endpoint
          </button>
        )
      }
    >
      {adding && list.data && (
        <section class="add-endpoint stack" aria-label="New endpoint">
          <h3>New endpoint</h3>
          <EndpointForm eventTypes={list.data.eventTypes} submitLabel="Add endpoint" onSubmit={create} onCancel={() => setAdding(false)} />
        </section>
      )}
      {list.error && <Notice kind="error">{list.error}</Notice>}
      {deleted && <Notice kind="success">{deleted}</Notice>}
      {!list.data && !list.error && <p class="muted">Loading the endpoints…</p>}
      {endpoints?.length === 0 && !adding && (
        <p class="empty">No endpoint yet. Add one to receive this project's conversations, messages and sign-ins on your backend.</p>
      )}
      {list.data && endpoints && endpoints.length > 0 && (
        <ul class="endpoint-list" aria-label="Webhook endpoints">
          {endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <EndpointCard
                endpoint={endpoint}
                eventTypes={list.data?.eventTypes ?? []}
                fresh={fresh?.endpointId === endpoint.id ? fresh : null}
                onSecret={setFresh}
                onChanged={list.reload}
                onDeleted={(url) => {
                  setDeleted(`Endpoint ${url} deleted, with its delivery log.`);
                  list.reload();
                }}
              />
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
