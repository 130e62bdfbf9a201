import { useId, useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { WebhookDeliveryRedeliverDocument } from '../../generated/graphql.js';
import { CopyButton } from '../CopyButton.js';
import { formatTime } from '../format.js';
import { useGql } from '../gql-context.js';
import { useAction } from '../use-action.js';
import type { Delivery } from './use-deliveries.js';

const REDELIVER =
  'mutation WebhookDeliveryRedeliver($id: ID!) { webhookDeliveryRedeliver(input: { id: $id }) { delivery { id status } } }' as WebhookDeliveryRedeliverDocument;

export const COLUMNS = 8;

const STATUS = {
  DELIVERED: { label: '✓ Delivered', tone: 'ok' },
  PENDING: { label: '⟳ Pending', tone: 'warn' },
  FAILED: { label: '✗ Failed', tone: 'bad' },
} as const;

/** The HTTP status of an attempt, or why there was none. */
const answerOf = (statusCode: number | null, error: string | null) =>
  statusCode !== null ? String(statusCode) : error ? 'no answer' : '—';

const succeeded = (statusCode: number | null) => statusCode !== null && statusCode >= 200 && statusCode < 300;

/** The body as sent is compact JSON; it is shown indented. */
function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

function nextAttempt(delivery: Delivery, enabled: boolean): string {
  if (delivery.status !== 'PENDING' || !delivery.nextAttemptAt) return '—';
  if (!enabled) return 'once enabled';
  return Date.parse(delivery.nextAttemptAt) <= Date.now() ? 'now' : formatTime(delivery.nextAttemptAt, '—', true);
}

/** One delivery of the log; "Details" opens its attempts, its payload and Redeliver in a row under it. */
export function DeliveryRow({ delivery, enabled, onRedelivered }: { delivery: Delivery; enabled: boolean; onRedelivered(): void }) {
  const gql = useGql();
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const redeliver = useAction();
  const status = STATUS[delivery.status];

  const send = () =>
    redeliver.run(async () => {
      await gql(REDELIVER, { id: delivery.id });
      onRedelivered();
    }, 'Sent again: the same webhook-id and body, with a fresh schedule of attempts.');

  return (
    <>
      <tr data-status={delivery.status} class={open ? 'open' : undefined}>
        <td data-label="Time" class="when">
          {formatTime(delivery.createdAt, '—', true)}
        </td>
        <td data-label="Event" class="mono event-cell">
          {delivery.eventType}
        </td>
        <td data-label="Status">
          <span class={`pill ${status.tone}`}>{status.label}</span>
        </td>
        <td data-label="Attempts">{delivery.attempts}</td>
        <td data-label="HTTP status" title={delivery.lastError ?? undefined}>
          {answerOf(delivery.lastStatusCode, delivery.lastError)}
        </td>
        <td data-label="Duration" class="nowrap">
          {delivery.lastDurationMs === null ? '—' : `${delivery.lastDurationMs} ms`}
        </td>
        <td data-label="Next attempt" class="when">
          {nextAttempt(delivery, enabled)}
        </td>
        <td class="delivery-toggle">
          <button
            type="button"
            class="small"
            aria-expanded={open}
            aria-controls={detailId}
            aria-label={`Details of the ${delivery.eventType} delivery of ${formatTime(delivery.createdAt, '', true)}`}
            onClick={() => setOpen(!open)}
          >
            Details <span aria-hidden="true">{open ? '▴' : '▾'}</span>
          </button>
        </td>
      </tr>
      {open && (
        <tr id={detailId} class="delivery-detail">
          <td colSpan={COLUMNS}>
            <div class="stack-sm">
              <div class="row between">
                <p class="hint">
                  webhook-id <code class="mono">{delivery.eventId}</code>
                  {delivery.deliveredAt && <> · delivered {formatTime(delivery.deliveredAt, '', true)}</>}
                </p>
                <button type="button" class="small" disabled={redeliver.busy} onClick={send}>
                  {redeliver.busy ? 'Sending…' : 'Redeliver'}
                </button>
              </div>
              {redeliver.error && <Notice kind="error">{redeliver.error}</Notice>}
              {redeliver.success && <Notice kind="success">{redeliver.success}</Notice>}
              <h4>Attempts</h4>
              {delivery.attemptLog.length === 0 ? (
                <p class="muted">No attempt yet: it goes out within seconds.</p>
              ) : (
                <ol class="attempt-log">
                  {delivery.attemptLog.map((attempt, index) => (
                    <li key={`${index}-${attempt.attemptedAt}`} class={succeeded(attempt.statusCode) ? 'ok' : 'bad'}>
                      <span class="nowrap">{formatTime(attempt.attemptedAt, '—', true)}</span>
                      <strong class="mono">{answerOf(attempt.statusCode, attempt.error)}</strong>
                      <span class="nowrap">{attempt.durationMs} ms</span>
                      {attempt.error && <span class="attempt-error">{attempt.error}</span>}
                    </li>
                  ))}
                </ol>
              )}
              <div class="row between">
                <h4>Payload</h4>
                <CopyButton text={delivery.payload} what="payload" />
              </div>
              <pre class="payload">{pretty(delivery.payload)}</pre>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
