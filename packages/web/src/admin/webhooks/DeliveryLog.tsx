import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { Notice } from '../../console/Notice.js';
import type { WebhookDeliveryStatus } from '../../generated/graphql.js';
import { DeliveryRow } from './DeliveryRow.js';
import { useDeliveries } from './use-deliveries.js';

interface DeliveryLogProps {
  endpointId: string;
  /** The endpoint is enabled: its pending deliveries go out (and the log follows them). */
  enabled: boolean;
  /** Changes when the card queued a delivery (a test event) or the endpoint's state changed: the log reads itself again. */
  stamp: string;
  /** New deliveries or attempts appeared: the endpoint's failure record may have changed. */
  onActivity(): void;
}

const FILTERS: { value: WebhookDeliveryStatus | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'DELIVERED', label: 'Delivered' },
  { value: 'FAILED', label: 'Failed' },
];

/** An endpoint's deliveries, newest first, filtered by status, 25 at a time. */
export function DeliveryLog({ endpointId, enabled, stamp, onActivity }: DeliveryLogProps) {
  const [status, setStatus] = useState<WebhookDeliveryStatus | ''>('');
  const filterId = useId();
  const log = useDeliveries(endpointId, status, enabled, onActivity);
  const seenStamp = useRef(stamp);
  useEffect(() => {
    if (stamp === seenStamp.current) return;
    seenStamp.current = stamp;
    void log.refresh();
  }, [stamp]);

  const items = log.items;
  return (
    <div class="delivery-log stack-sm">
      <div class="row between">
        <div class="row delivery-filter">
          <label for={filterId} class="compact">
            Status
          </label>
          <select id={filterId} value={status} onChange={(event) => setStatus(event.currentTarget.value as WebhookDeliveryStatus | '')}>
            {FILTERS.map((filter) => (
              <option key={filter.value} value={filter.value}>
                {filter.label}
              </option>
            ))}
          </select>
        </div>
        <button type="button" class="small" onClick={log.refresh}>
          Refresh
        </button>
      </div>
      {log.error && <Notice kind="error">{log.error}</Notice>}
      {!items && !log.error && <p class="muted">Loading the deliveries…</p>}
      {items?.length === 0 && (
        <p class="empty">
          {status ? 'No delivery has this status: choose another or All.' : 'No delivery yet. Send a test event to try the endpoint.'}
        </p>
      )}
      {items && items.length > 0 && (
        <>
          <p class="hint" aria-live="polite">
            {log.total === 1 ? '1 delivery' : `${log.total} deliveries`}
            {status ? ' with this status' : ''}, showing {items.length}.
          </p>
          <div class="table-wrap">
            <table class="log-table delivery-table">
              <caption class="sr-only">Deliveries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">HTTP status</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">
                    <span class="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((delivery) => (
                  <DeliveryRow key={delivery.id} delivery={delivery} enabled={enabled} onRedelivered={log.refresh} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {log.hasMore && (
        <div class="row">
          <button type="button" disabled={log.loadingMore} onClick={log.more}>
            {log.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      )}
    </div>
  );
}
