import { useId, useState } from 'preact/hooks';
import { ConfirmButton } from '../../console/ConfirmButton.js';
import { Notice } from '../../console/Notice.js';
import type {
  WebhookEndpointDeleteDocument,
  WebhookEndpointRotateSecretDocument,
  WebhookEndpointSendTestDocument,
  WebhookEndpointUpdateDocument,
} from '../../generated/graphql.js';
import { formatTime } from '../format.js';
import { useGql } from '../gql-context.js';
import { NewSecret } from '../project/NewSecret.js';
import { useAction } from '../use-action.js';
import { DeliveryLog } from './DeliveryLog.js';
import { EndpointForm, type EndpointValues } from './EndpointForm.js';
import { EndpointNotices } from './EndpointNotices.js';
import type { FreshSecret, WebhookEndpoint } from './WebhooksSection.js';

const UPDATE = `mutation WebhookEndpointUpdate($id: ID!, $url: String, $eventTypes: [String!], $enabled: Boolean) {
  webhookEndpointUpdate(input: { id: $id, url: $url, eventTypes: $eventTypes, enabled: $enabled }) { endpoint { id } } }` as WebhookEndpointUpdateDocument;
const DELETE =
  'mutation WebhookEndpointDelete($id: ID!) { webhookEndpointDelete(input: { id: $id }) { deletedId } }' as WebhookEndpointDeleteDocument;
const ROTATE =
  'mutation WebhookEndpointRotateSecret($id: ID!) { webhookEndpointRotateSecret(input: { id: $id }) { endpoint { id } secret } }' as WebhookEndpointRotateSecretDocument;
const SEND_TEST =
  'mutation WebhookEndpointSendTest($id: ID!) { webhookEndpointSendTest(input: { id: $id }) { delivery { id } } }' as WebhookEndpointSendTestDocument;

interface EndpointCardProps {
  endpoint: WebhookEndpoint;
  eventTypes: readonly string[];
  /** Its secret, when it was just made (shown this once). */
  fresh: FreshSecret | null;
  onSecret(fresh: FreshSecret | null): void;
  /** Saved, rotated or deleted: the list reads the endpoints again. */
  onChanged(): void;
  onDeleted(url: string): void;
}

/** One endpoint: where it sends and what, its state, its actions, and its delivery log. */
export function EndpointCard({ endpoint, eventTypes, fresh, onSecret, onChanged, onDeleted }: EndpointCardProps) {
  const gql = useGql();
  const titleId = useId();
  const logId = useId();
  const [editing, setEditing] = useState(false);
  const [logOpen, setLogOpen] = useState(false);
  const [round, setRound] = useState(0);
  const action = useAction();
  const { id, url } = endpoint;

  const save = async (values: EndpointValues) => {
    await gql(UPDATE, { id, ...values });
    setEditing(false);
    onChanged();
  };
  const setEnabled = (enabled: boolean) =>
    action.run(
      async () => {
        await gql(UPDATE, { id, enabled });
        onChanged();
      },
      enabled
        ? 'Enabled: events are sent to it again, its pending deliveries first.'
        : 'Disabled: Parley sends it nothing until it is enabled.',
    );
  const sendTest = () =>
    action.run(async () => {
      await gql(SEND_TEST, { id });
      setLogOpen(true);
      setRound((value) => value + 1);
    }, 'Test event sent: a webhook.test delivery is in the log below.');
  const rotate = () =>
    action.run(async () => {
      const { webhookEndpointRotateSecret: rotated } = await gql(ROTATE, { id });
      onSecret({ endpointId: id, secret: rotated.secret, rotated: true });
      onChanged();
    });
  const remove = () =>
    action.run(async () => {
      await gql(DELETE, { id });
      if (fresh) onSecret(null);
      onDeleted(url);
    });

  return (
    <article class="endpoint stack-sm" aria-labelledby={titleId}>
      <div class="endpoint-head">
        <h3 id={titleId} class="mono endpoint-url">
          {url}
        </h3>
        <span class={`pill ${endpoint.enabled ? 'ok' : 'bad'}`}>{endpoint.enabled ? 'Enabled' : 'Disabled'}</span>
      </div>
      <p class="hint">Added {formatTime(endpoint.createdAt)}</p>
      <ul class="event-type-list" aria-label="Event types">
        {endpoint.eventTypes.map((type) => (
          <li key={type}>
            <code class="mono">{type}</code>
          </li>
        ))}
      </ul>
      <EndpointNotices endpoint={endpoint} />
      {fresh && (
        <NewSecret
          values={[{ label: 'Signing secret', value: fresh.secret, what: 'signing secret', secret: true }]}
          advice="Put it where your receiver reads it, to verify the signature of each delivery; if it is lost, rotate the secret."
          onDone={() => onSecret(null)}
        >
          {fresh.rotated && (
            <p>
              <strong>The old secret keeps working for 24 hours</strong>
              {endpoint.previousSecretValidUntil && <> (until {formatTime(endpoint.previousSecretValidUntil, '', true)})</>}: each delivery
              carries both signatures meanwhile, so update your receiver before then.
            </p>
          )}
        </NewSecret>
      )}
      {editing ? (
        <EndpointForm
          eventTypes={eventTypes}
          initial={{ url, eventTypes: endpoint.eventTypes }}
          submitLabel="Save endpoint"
          onSubmit={save}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <div class="row endpoint-actions">
          <button type="button" class="small" disabled={action.busy || !endpoint.enabled} onClick={sendTest}>
            Send test event
          </button>
          <button type="button" class="small" aria-expanded={logOpen} aria-controls={logId} onClick={() => setLogOpen(!logOpen)}>
            Delivery log <span aria-hidden="true">{logOpen ? '▴' : '▾'}</span>
          </button>
          <button type="button" class="small" onClick={() => setEditing(true)}>
            Edit
          </button>
          {endpoint.enabled ? (
            <ConfirmButton
              label="Disable"
              ariaLabel={`Disable endpoint ${url}`}
              question="Disable? Events of the meantime are never sent to it."
              confirmLabel="Disable endpoint"
              danger={false}
              busy={action.busy}
              onConfirm={() => void setEnabled(false)}
            />
          ) : (
            <button type="button" class="small" disabled={action.busy} onClick={() => setEnabled(true)}>
              Enable
            </button>
          )}
          <ConfirmButton
            label="Rotate secret"
            ariaLabel={`Rotate the secret of ${url}`}
            question="Make a new secret? The old one keeps signing for 24 hours."
            confirmLabel="Rotate secret"
            danger={false}
            busy={action.busy}
            onConfirm={() => void rotate()}
          />
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete endpoint ${url}`}
            question="Delete this endpoint and its delivery log?"
            confirmLabel="Delete endpoint"
            busy={action.busy}
            onConfirm={() => void remove()}
          />
        </div>
      )}
      {action.error && <Notice kind="error">{action.error}</Notice>}
      {action.success && <Notice kind="success">{action.success}</Notice>}
      {logOpen && (
        <div id={logId}>
          <DeliveryLog
            endpointId={id}
            enabled={endpoint.enabled}
            stamp={`${round} ${endpoint.disabledAt} ${endpoint.failingSince}`}
            onActivity={onChanged}
          />
        </div>
      )}
    </article>
  );
}
