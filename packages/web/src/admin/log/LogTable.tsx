import { hintFor, isReasonCode } from '@parley/protocol';
import { formatTime } from '../format.js';
import type { AuthEvent } from './use-events.js';

const short = (value: string | null, length = 12) => (value && value.length > length ? `${value.slice(0, length)}…` : (value ?? '—'));

/** The attempts, newest first: outcome, reason with its hint, who and with which keys. */
export function LogTable({ events, total, filtered }: { events: AuthEvent[]; total: number; filtered: boolean }) {
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
            {events.map((event) => (
              <tr key={event.id} data-outcome={event.outcome} data-reason={event.reason ?? ''}>
                <td class="nowrap">{formatTime(event.time)}</td>
                <td>{event.outcome === 'SUCCESS' ? <span class="pill ok">✓ Success</span> : <span class="pill bad">✗ Failure</span>}</td>
                <td class="reason-cell">
                  {event.reason ? (
                    <>
                      <code class="mono">{event.reason}</code>
                      {isReasonCode(event.reason) && <p class="hint">{hintFor(event.reason)}</p>}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="mono">{event.userId ?? '—'}</td>
                <td class="hint">
                  {event.brandKeyId || event.platformKeyId ? (
                    <>
                      <span title={event.brandKeyId ?? ''}>brand {short(event.brandKeyId, 10)}</span>
                      <br />
                      <span title={event.platformKeyId ?? ''}>platform {short(event.platformKeyId, 10)}</span>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td class="mono" title={event.ipHmac}>
                  {short(event.ipHmac, 10)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
