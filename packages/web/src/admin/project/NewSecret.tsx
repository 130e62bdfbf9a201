import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { CopyButton } from '../CopyButton.js';

export interface SecretValue {
  label: string;
  value: string;
  /** What its copy button names, for screen readers ("client secret"). */
  what: string;
  /** The secret itself (marked data-secret), as opposed to an id shown beside it. */
  secret?: boolean;
}

interface NewSecretProps {
  values: SecretValue[];
  /** Where to keep it and what to do if it is lost. */
  advice: ComponentChildren;
  /** Under the values: how to use them. */
  children?: ComponentChildren;
  onDone(): void;
}

/** A new secret (an API key's, a webhook endpoint's): shown this once, with copy buttons and how to use it. */
export function NewSecret({ values, advice, children, onDone }: NewSecretProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const titleId = useId();
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="secret-once stack" aria-labelledby={titleId}>
      <h3 id={titleId} tabIndex={-1} ref={heading}>
        Copy the secret now
      </h3>
      <p>It is shown this once: Parley cannot show it again. {advice}</p>
      <dl class="secret-values">
        {values.map((item) => [
          <dt key={`${item.what}-label`}>{item.label}</dt>,
          <dd key={`${item.what}-value`}>
            <code class="mono" data-secret={item.secret ? '' : undefined}>
              {item.value}
            </code>{' '}
            <CopyButton text={item.value} what={item.what} />
          </dd>,
        ])}
      </dl>
      {children}
      <div class="row">
        <button type="button" class="primary" onClick={onDone}>
          I have stored the secret
        </button>
      </div>
    </section>
  );
}
