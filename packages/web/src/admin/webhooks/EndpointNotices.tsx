import { formatTime } from '../format.js';
import type { WebhookEndpoint } from './WebhooksSection.js';

/** The server's reason when an admin disabled the endpoint (webhooks/endpoints.ts); any other reason is Parley's own. */
const BY_AN_ADMIN = 'disabled by an admin';

/** Why the endpoint receives nothing, or is failing, and what to do; the previous secret's grace period. */
export function EndpointNotices({ endpoint }: { endpoint: WebhookEndpoint }) {
  const time = (iso: string | null) => formatTime(iso, '—', true);
  const previousUntil = endpoint.previousSecretValidUntil;
  return (
    <>
      {!endpoint.enabled && endpoint.disabledReason !== BY_AN_ADMIN && (
        <div class="notice-line error endpoint-notice">
          <strong>
            Disabled automatically on {time(endpoint.disabledAt)}: {endpoint.disabledReason ?? 'no reason recorded'}.
          </strong>{' '}
          Parley sends nothing to it now, and events of the meantime are not kept for it. Fix the receiver, then press Enable: its pending
          deliveries go out then.
        </div>
      )}
      {!endpoint.enabled && endpoint.disabledReason === BY_AN_ADMIN && (
        <p class="notice-line warn endpoint-notice">
          Disabled by an admin on {time(endpoint.disabledAt)}. Events of the meantime are not sent to it; its pending deliveries wait and go
          out once it is enabled.
        </p>
      )}
      {endpoint.enabled && endpoint.failingSince && (
        <p class="notice-line warn endpoint-notice">
          <strong>Failing since {time(endpoint.failingSince)}</strong>: no attempt has succeeded since then (the delivery log says why).
          Parley keeps retrying, and disables the endpoint after 5 days of failures.
        </p>
      )}
      {previousUntil && Date.parse(previousUntil) > Date.now() && (
        <p class="hint">The secret before the last rotation also signs each delivery until {time(previousUntil)}.</p>
      )}
    </>
  );
}
