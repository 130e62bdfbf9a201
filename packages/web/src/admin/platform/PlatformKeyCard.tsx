import { useId, useState } from 'preact/hooks';
import { ConfirmButton } from '../../console/ConfirmButton.js';
import type { PlatformKeysQuery } from '../../generated/graphql.js';
import { CopyButton } from '../CopyButton.js';
import { formatTime } from '../format.js';

export type PlatformKey = PlatformKeysQuery['platformKeys'][number];

const FORMATS = [
  { id: 'pem', label: 'PEM' },
  { id: 'spki', label: 'Base64 (SPKI)' },
  { id: 'jwk', label: 'JWK' },
] as const;

type Format = (typeof FORMATS)[number]['id'];

const textOf = (key: PlatformKey, format: Format) =>
  format === 'pem' ? key.pem.trim() : format === 'spki' ? key.spki : JSON.stringify(key.jwk, null, 2);

/** One platform public key in the format the reader picks, with copy and (for an older key) retire. */
export function PlatformKeyCard({ platformKey, busy, onRetire }: { platformKey: PlatformKey; busy: boolean; onRetire(): void }) {
  const [format, setFormat] = useState<Format>('pem');
  const id = useId();
  const text = textOf(platformKey, format);
  const label = FORMATS.find((candidate) => candidate.id === format)?.label ?? format;
  return (
    <article class={`platform-key${platformKey.current ? ' current' : ''}`} aria-labelledby={id} data-kid={platformKey.kid}>
      <div class="row between">
        <div class="row">
          <h3 id={id} class="mono">
            {platformKey.kid}
          </h3>
          {platformKey.current ? <span class="pill ok">Current</span> : <span class="pill warn">Still accepted</span>}
          <span class="hint">created {formatTime(platformKey.createdAt)}</span>
        </div>
        {!platformKey.current && (
          <ConfirmButton
            label="Retire"
            ariaLabel={`Retire key ${platformKey.kid}`}
            question="Retire? Credentials still encrypted for it will fail."
            confirmLabel="Retire key"
            busy={busy}
            onConfirm={onRetire}
          />
        )}
      </div>
      <div class="row between">
        <fieldset class="segmented-buttons">
          <legend class="sr-only">{`Format of key ${platformKey.kid}`}</legend>
          {FORMATS.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              class="small"
              aria-pressed={candidate.id === format}
              onClick={() => setFormat(candidate.id)}
            >
              {candidate.label}
            </button>
          ))}
        </fieldset>
        <CopyButton text={text} what={`${label} of key ${platformKey.kid}`} />
      </div>
      <pre class="key-text" data-format={format}>
        {text}
      </pre>
    </article>
  );
}
