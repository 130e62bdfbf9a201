import { hintFor, isReasonCode } from '@parley/protocol';
import { formatTime } from '../format.js';
import type { AuthEvent } from './use-events.js';

const short = (value: string | null, length = 12) => (value && value.length > length ? `${value.slice(0, length)}…` : (value ?? '—'));

interface LogTableProps {
  events: AuthEvent[];
  total: number;
  filtered: boolean;
  /** Brand key record id → its kid, to name the key that verified an attempt. */
  brandKids: Map<string, string>;
}

/** The attempts, newest first: outcome, reason with its hint, who and with which keys. Cards on narrow screens. */
export function LogTable({ events, total, filtered, brandKids }: LogTableProps) {
  if (events.length === 0)
    return (
      <p class="empty">
        {filtered
          ? 'No attempt matches these filters: change or clear them.'
          : 'No authentication attempt yet. Attempts appear here when visitors activate with credentials on your site.'}
      </p>
    );
  return (
    <div class="stack-sm">
      <p class="hint" aria-live="polite">
        {total === 1 ? '1 attempt' : `${total} attempts`}
        {filtered ? ' match the filters' : ''}, showing {events.length}.
      </p>
      <div class="table-wrap">
        <table class="log-table">
          <caption class="sr-only">Authentication attempts</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Outcome</th>
              <th scope="col">Reason</th>
              <th scope="col">User id</th>
              <th scope="col">Keys</th>
              <th scope="col">IP (HMAC)</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => {
              const brandKid = event.brandKeyId ? (brandKids.get(event.brandKeyId) ?? event.brandKeyId) : null;
              return (
                <tr key={event.id} data-outcome={event.outcome} data-reason={event.reason ?? ''}>
                  <td data-label="Time" class="nowrap">
                    {formatTime(event.time, '—', true)}
                  </td>
                  <td data-label="Outcome">
                    {event.outcome === 'SUCCESS' ? <span class="pill ok">✓ Success</span> : <span class="pill bad">✗ Failure</span>}
                  </td>
                  <td data-label="Reason" class="reason-cell">
                    {event.reason ? (
                      <div>
                        <code class="mono">{event.reason}</code>
                        {isReasonCode(event.reason) && <p class="hint">{hintFor(event.reason)}</p>}
                      </div>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label="User id" class="mono">
                    {event.userId ?? '—'}
                  </td>
                  <td data-label="Keys" class="hint">
                    {brandKid || event.platformKeyId ? (
                      <div>
                        <span title={brandKid ?? ''}>brand {short(brandKid)}</span>
                        <br />
                        <span title={event.platformKeyId ?? ''}>platform {short(event.platformKeyId)}</span>
                      </div>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label="IP (HMAC)" class="mono nowrap" title={event.ipHmac}>
                    {short(event.ipHmac, 10)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
