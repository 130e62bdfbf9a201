import { useEffect, useRef } from 'preact/hooks';
import { CopyButton } from '../CopyButton.js';

/** A new API key's secret: shown this once, with copy buttons and how to use it. */
export function NewSecret({ clientId, clientSecret, onDone }: { clientId: string; clientSecret: string; onDone(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const example = `curl -d grant_type=client_credentials -d client_id=${clientId} -d client_secret=… ${location.origin}/oauth2/token`;
  return (
    <section class="secret-once stack" aria-labelledby="new-secret-title">
      <h3 id="new-secret-title" tabIndex={-1} ref={heading}>
        Copy the secret now
      </h3>
      <p>
        It is shown this once: Parley cannot show it again. Store it in your backend's secret store; if it is lost, create a new key and
        revoke this one.
      </p>
      <dl class="secret-values">
        <dt>Client id</dt>
        <dd>
          <code class="mono">{clientId}</code> <CopyButton text={clientId} what="client id" />
        </dd>
        <dt>Client secret</dt>
        <dd>
          <code class="mono" data-secret>
            {clientSecret}
          </code>{' '}
          <CopyButton text={clientSecret} what="client secret" />
        </dd>
      </dl>
      <p class="hint">Exchange them for a bearer:</p>
      <pre>{example}</pre>
      <div class="row">
        <button type="button" class="primary" onClick={onDone}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
